"""etl.boundaries.reader: formats, layers, CRS rules and attribute encodings of boundary files."""
import json
import shutil
import warnings
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import prcoords
import pyogrio
import pyproj
import pytest
import shapely

from etl.boundaries.reader import read_boundary_file
from gis.errors import CrsError, InputFileError
from tests.conftest import DATA

GCJ_DISTRICTS = DATA / "qingdao_zhuji_districts_gcj02.geojson"
NYC_DISTRICTS = DATA / "nyc_community_districts.geojson"
GBK_SHAPEFILE = DATA / "gbk_no_cpg" / "laoshan_communities.shp"
GBK_NAMES = ["中韩社区居民委员会", "西韩社区居民委员会", "北村社区居民委员会", "牟家社区居民委员会", "枯桃社区居民委员会"]
GEOD = pyproj.Geod(ellps="WGS84")
SQUARE = shapely.box(120.47, 36.10, 120.48, 36.11)
BOW_TIE = shapely.from_wkt("POLYGON((120.47 36.10, 120.48 36.11, 120.48 36.10, 120.47 36.11, 120.47 36.10))")


def write_geojson(path, geometries, crs_name=None, ids=None, properties=None):
    features = [{"type": "Feature", "properties": (properties or {}),
                 "geometry": None if g is None else json.loads(shapely.to_geojson(g))} for g in geometries]
    for feature, feature_id in zip(features, ids or []):
        feature["id"] = feature_id
    document = {"type": "FeatureCollection", "features": features}
    if crs_name:
        document["crs"] = {"type": "name", "properties": {"name": crs_name}}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def copy_shapefile(source, target_dir, stem=None):
    """Copy the files of one Shapefile into ``target_dir``; return the new .shp path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    for part in source.parent.glob(f"{source.stem}.*"):
        shutil.copy(part, target_dir / f"{stem or source.stem}{part.suffix}")
    return target_dir / f"{stem or source.stem}.shp"


# --- real files ---------------------------------------------------------------------------------------

def test_gcj02_districts_with_crs_option_are_the_exact_inverse_per_vertex():
    as_given = read_boundary_file(GCJ_DISTRICTS)
    converted = read_boundary_file(GCJ_DISTRICTS, crs="gcj02")
    assert (converted.crs_source, converted.source_crs, converted.warnings) == ("option", "GCJ-02", [])
    assert list(converted.frame["district"]) == list(as_given.frame["district"])
    gcj = shapely.get_coordinates(as_given.frame.geometry.values)
    ours = shapely.get_coordinates(converted.frame.geometry.values)
    exact = [prcoords.gcj_wgs_bored(prcoords.Coords(lat, lon)) for lon, lat in gcj]
    exact = np.array([(c.lon, c.lat) for c in exact])
    assert len(ours) == len(gcj) > 10_000
    assert GEOD.inv(ours[:, 0], ours[:, 1], exact[:, 0], exact[:, 1])[2].max() < 1.0


def test_geojson_without_crs_member_is_wgs84_by_rfc7946():
    source = read_boundary_file(GCJ_DISTRICTS)
    assert (source.crs_source, source.source_crs, source.encoding, source.encoding_source) == \
        ("rfc7946", "EPSG:4326", "UTF-8", "format")
    assert source.frame.crs.to_epsg() == 4490
    assert list(source.frame["feature_index"]) == list(range(11))
    assert source.frame["district"].iloc[4] == "崂山区"


def test_nyc_community_districts():
    source = read_boundary_file(NYC_DISTRICTS)
    assert len(source.frame) == 71 and source.layer == "nyc_community_districts"
    assert source.frame["boro_cd"].iloc[0] == "308"
    assert "feature_id" not in source.frame
    assert set(source.frame.geometry.geom_type) == {"MultiPolygon"}


# --- Shapefile encodings ------------------------------------------------------------------------------

def test_gbk_shapefile_without_cpg_is_detected_as_gbk():
    source = read_boundary_file(GBK_SHAPEFILE)
    assert (source.encoding, source.encoding_source) == ("GBK", "detected")
    assert list(source.frame["名称"]) == GBK_NAMES
    assert list(source.frame["编码"])[:2] == ["370212001001", "370212001002"]
    assert set(source.frame["街道"]) == {"中韩街道"}
    assert (source.crs_source, source.source_crs) == ("file", "EPSG:4490")


def utf8_copy(tmp_path):
    """The GBK communities written again as UTF-8, with a .cpg. GDAL keeps 10 bytes of the name 上级编码
    (12 in UTF-8), cutting its last character in two, as real UTF-8 Shapefiles with Chinese names do."""
    path = tmp_path / "utf8.shp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notice of the cut, itself undecodable
        pyogrio.write_dataframe(gpd.read_file(GBK_SHAPEFILE, encoding="gbk"), path, encoding="UTF-8")
    return path


def test_utf8_shapefile_with_cpg_is_honoured(tmp_path):
    path = utf8_copy(tmp_path)
    assert path.with_suffix(".cpg").read_text().strip() == "UTF-8"
    source = read_boundary_file(path)
    assert (source.encoding, source.encoding_source) == ("UTF-8", "cpg")
    assert list(source.frame["名称"]) == GBK_NAMES
    assert "上级编" in source.frame.columns
    assert source.warnings == ["field name(s) 上级编: a last character cut in two by the DBF's 10-byte limit on "
                               "names was dropped"]


def test_utf8_shapefile_without_cpg_is_detected_as_utf8(tmp_path):
    path = utf8_copy(tmp_path)
    path.with_suffix(".cpg").unlink()
    source = read_boundary_file(path)
    assert (source.encoding, source.encoding_source) == ("UTF-8", "detected")
    assert list(source.frame["名称"]) == GBK_NAMES


@pytest.mark.parametrize("cpg, expected", [("936", "GBK"), ("ANSI 936", "GBK"), ("GBK", "GBK"), ("cp936", "GBK")])
def test_cpg_code_pages(tmp_path, cpg, expected):
    path = copy_shapefile(GBK_SHAPEFILE, tmp_path)
    path.with_suffix(".cpg").write_text(cpg)
    source = read_boundary_file(path)
    assert (source.encoding, source.encoding_source, source.frame["名称"].iloc[0]) == (expected, "cpg", GBK_NAMES[0])


def test_a_cpg_that_is_wrong_is_honoured_and_fails_naming_the_field(tmp_path):
    path = copy_shapefile(GBK_SHAPEFILE, tmp_path)
    path.with_suffix(".cpg").write_text("UTF-8")
    with pytest.raises(InputFileError) as caught:
        read_boundary_file(path)
    assert "UTF-8" in caught.value.message and ".cpg" in caught.value.message
    assert caught.value.context["file"] == str(path) and "field" in caught.value.context


def test_encoding_option_overrides_the_cpg(tmp_path):
    path = copy_shapefile(GBK_SHAPEFILE, tmp_path)
    path.with_suffix(".cpg").write_text("UTF-8")
    source = read_boundary_file(path, encoding="GBK")
    assert (source.encoding, source.encoding_source, source.frame["名称"].iloc[0]) == ("GBK", "option", GBK_NAMES[0])


def test_text_neither_utf8_nor_gbk_is_refused_naming_file_field_and_feature(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["ok", "caf\u00e9\u00ff\u00ff"]}, geometry=[SQUARE, SQUARE], crs=4490)
    path = tmp_path / "latin.shp"
    pyogrio.write_dataframe(frame, path, encoding="latin1")
    path.with_suffix(".cpg").unlink()
    with pytest.raises(InputFileError) as caught:
        read_boundary_file(path)
    assert "--encoding" in caught.value.message
    assert caught.value.context["field"] == "name" and caught.value.context["feature"] == 1


def test_unknown_encoding_option_is_refused():
    with pytest.raises(InputFileError, match="unknown encoding 'klingon'"):
        read_boundary_file(GBK_SHAPEFILE, encoding="klingon")


# --- containers and formats ---------------------------------------------------------------------------

def test_zipped_shapefile(tmp_path):
    archive = tmp_path / "communities.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in GBK_SHAPEFILE.parent.glob(f"{GBK_SHAPEFILE.stem}.*"):
            zipped.write(part, f"data/{part.name}")
    source = read_boundary_file(archive)
    assert source.layer == "data/laoshan_communities" and source.encoding == "GBK"
    assert list(source.frame["名称"]) == GBK_NAMES


def test_zip_with_two_shapefiles_needs_a_layer(tmp_path):
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for stem in ("streets", "communities"):
            for part in GBK_SHAPEFILE.parent.glob(f"{GBK_SHAPEFILE.stem}.*"):
                zipped.write(part, f"{stem}{part.suffix}")
        zipped.writestr("communities.cpg", "936")
    with pytest.raises(InputFileError) as caught:
        read_boundary_file(archive)
    assert "--layer" in caught.value.message and "communities, streets" in caught.value.message
    source = read_boundary_file(archive, layer="communities")
    assert (source.encoding, source.encoding_source, len(source.frame)) == ("GBK", "cpg", 5)


@pytest.fixture
def two_layer_geopackage(tmp_path):
    path = tmp_path / "grids.gpkg"
    for layer, count in (("streets", 2), ("communities", 3)):
        squares = [shapely.box(120.47 + i / 100, 36.10, 120.48 + i / 100, 36.11) for i in range(count)]
        frame = gpd.GeoDataFrame({"名称": [f"{layer}{i}" for i in range(count)]}, geometry=squares, crs=4490)
        pyogrio.write_dataframe(frame.to_crs(4549), path, layer=layer)
    pyogrio.write_dataframe(pd.DataFrame({"note": ["a table without geometries"]}), path, layer="notes")
    return path


def test_geopackage_with_two_layers_needs_a_layer_and_lists_them(two_layer_geopackage):
    with pytest.raises(InputFileError) as caught:
        read_boundary_file(two_layer_geopackage)
    assert "streets, communities" in caught.value.message and "--layer" in caught.value.message
    with pytest.raises(InputFileError, match="no layer 'grids'; layers with geometries: streets, communities"):
        read_boundary_file(two_layer_geopackage, layer="grids")


def test_geopackage_layer_read_with_its_srs_and_fids(two_layer_geopackage):
    source = read_boundary_file(two_layer_geopackage, layer="communities")
    assert (source.layer, source.crs_source, source.source_crs) == ("communities", "file", "EPSG:4549")
    assert list(source.frame["feature_id"]) == [1, 2, 3]
    first = shapely.get_coordinates(source.frame.geometry.values[0])
    assert first.min(axis=0) == pytest.approx([120.47, 36.10], abs=1e-9)


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>网格</name>
<Placemark id="g-001"><name>中韩社区第一网格</name>
<ExtendedData><Data name="code"><value>370212001001001</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
120.47,36.10,12 120.48,36.10,12 120.48,36.11,12 120.47,36.11,12 120.47,36.10,12
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark id="g-002"><name>中韩社区第二网格</name>
<ExtendedData><Data name="code"><value>370212001001002</value></Data></ExtendedData>
<MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>
120.48,36.10 120.49,36.10 120.49,36.11 120.48,36.10
</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry></Placemark>
</Document></kml>
"""


def test_kml_is_wgs84_2d_with_names_and_placemark_ids(tmp_path):
    path = tmp_path / "grids.kml"
    path.write_text(KML, encoding="utf-8")
    source = read_boundary_file(path)
    assert (source.crs_source, source.source_crs, source.encoding_source) == ("format", "EPSG:4326", "format")
    frame = source.frame
    assert list(frame["Name"]) == ["中韩社区第一网格", "中韩社区第二网格"]
    assert list(frame["feature_id"]) == ["g-001", "g-002"] and frame["code"].iloc[1] == "370212001001002"
    assert not shapely.has_z(frame.geometry.values).any()
    assert not {"tessellate", "visibility", "timestamp"} & set(frame.columns)


def test_kml_with_crs_option_is_converted_from_gcj02(tmp_path):
    path = tmp_path / "grids.kml"
    path.write_text(KML, encoding="utf-8")
    source = read_boundary_file(path, crs="gcj02")
    first = shapely.get_coordinates(source.frame.geometry.values[0])[0]
    exact = prcoords.gcj_wgs_bored(prcoords.Coords(36.10, 120.47))
    assert source.crs_source == "option" and first == pytest.approx([exact.lon, exact.lat], abs=1e-7)


# --- CRS rules ----------------------------------------------------------------------------------------

def test_shapefile_without_prj_is_refused_naming_the_file(tmp_path):
    path = copy_shapefile(GBK_SHAPEFILE, tmp_path)
    path.with_suffix(".prj").unlink()
    with pytest.raises(CrsError) as caught:
        read_boundary_file(path)
    assert caught.value.context["file"] == str(path) and "--crs" in caught.value.message
    assert read_boundary_file(path, crs="EPSG:4490").crs_source == "option"


def test_gauss_kruger_epsg_4549_file_is_converted(tmp_path):
    to_4549 = pyproj.Transformer.from_crs(4490, 4549, always_xy=True)
    corners = [to_4549.transform(lon, lat) for lon, lat in SQUARE.exterior.coords]
    on_meridian = shapely.box(500000, 4000000, 500100, 4000100)
    path = write_geojson(tmp_path / "gk.geojson", [shapely.Polygon(corners), on_meridian],
                         crs_name="urn:ogc:def:crs:EPSG::4549")
    source = read_boundary_file(path)
    assert (source.crs_source, source.source_crs) == ("file", "EPSG:4549")
    stored = source.frame.geometry.values
    assert shapely.get_coordinates(stored[0]) == pytest.approx(shapely.get_coordinates(SQUARE), abs=1e-9)
    assert shapely.get_coordinates(stored[1])[:, 0].min() == pytest.approx(120.0, abs=1e-12)


@pytest.mark.parametrize("crs_name", ["urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:OGC:1.3:CRS84"])
def test_crs_option_overriding_a_declared_crs_is_warned(tmp_path, crs_name):
    path = write_geojson(tmp_path / "declared.geojson", [SQUARE], crs_name=crs_name)
    source = read_boundary_file(path, crs="gcj02")
    assert source.crs_source == "option"
    assert source.warnings == ["--crs GCJ-02 overrides the EPSG:4326 the file declares"]


def test_crs_option_equal_to_the_declaration_is_not_warned():
    source = read_boundary_file(GBK_SHAPEFILE, crs="cgcs2000")
    assert (source.crs_source, source.warnings) == ("option", [])


def test_coordinates_that_are_no_lonlat_are_refused_naming_the_feature(tmp_path):
    path = write_geojson(tmp_path / "projected.geojson", [SQUARE, shapely.box(500000, 4000000, 500100, 4000100)])
    with pytest.raises(CrsError) as caught:
        read_boundary_file(path)
    assert caught.value.context["feature"] == 1 and "--crs" in caught.value.message


# --- geometries kept as they are, feature ids, attribute values ---------------------------------------

def test_invalid_missing_and_3d_geometries_are_kept_not_repaired(tmp_path):
    cube_top = shapely.Polygon([(120.47, 36.10, 5), (120.48, 36.10, 5), (120.48, 36.11, 5), (120.47, 36.10, 5)])
    line = shapely.LineString([(120.47, 36.10), (120.48, 36.11)])
    path = write_geojson(tmp_path / "mixed.geojson", [BOW_TIE, None, cube_top, line], ids=["a", "b", "c", "d"])
    geoms = read_boundary_file(path).frame.geometry.values
    assert geoms[0].equals_exact(BOW_TIE, tolerance=0) and not geoms[0].is_valid
    assert geoms[1] is None
    assert not geoms[2].has_z and geoms[3].geom_type == "LineString"


def test_geojson_ids_dates_and_reserved_names(tmp_path):
    path = write_geojson(tmp_path / "ids.geojson", [SQUARE, SQUARE], ids=[17, 42],
                         properties={"since": "2024-01-31", "feature_index": 9})
    source = read_boundary_file(path, encoding="GBK")
    frame = source.frame
    assert list(frame["feature_id"]) == [17, 42] and list(frame["feature_index"]) == [0, 1]
    assert list(frame["since"]) == ["2024-01-31", "2024-01-31"]
    assert source.warnings == ["--encoding GBK ignored: GeoJSON text is UTF-8 by format",
                               "the file's own field(s) feature_index replaced by the reader's"]


@pytest.mark.parametrize("name, says", [
    ("grids.csv", "unsupported file type .csv; supported: .geojson, .json, .shp, .zip, .gpkg, .kml"),
    ("grids", "unsupported file type (no extension); supported: .geojson"),
    ("missing.geojson", "no such file"),
])
def test_unknown_extension_and_missing_file(tmp_path, name, says):
    path = tmp_path / name
    if name != "missing.geojson":
        path.write_text("code,name\n1,a\n")
    with pytest.raises(InputFileError) as caught:
        read_boundary_file(path)
    assert caught.value.message.startswith(says) and caught.value.context["file"] == str(path)


def test_a_file_gdal_cannot_read_is_an_input_error(tmp_path):
    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"not a geopackage")
    with pytest.raises(InputFileError) as caught:
        read_boundary_file(path)
    assert caught.value.context["file"] == str(path)
