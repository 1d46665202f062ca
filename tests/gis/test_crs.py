"""gis.crs: parsing CRS names, EPSG through PROJ, GCJ-02/BD-09 against published vectors and prcoords."""
import json
import time
from pathlib import Path

import numpy as np
import prcoords
import pyproj
import pytest
import shapely

from gis import crs
from gis.crs import CrsSpec, parse_crs
from gis.errors import CrsError

VECTORS = json.loads((Path(__file__).parents[1] / "data" / "coords_test_vectors.json").read_text())
README = VECTORS["wandergis_coordtransform_readme"]
ALIYUN = VECTORS["aliyun_address_purification_TransferCoord_doc"]
EVIL = VECTORS["eviltransform_tests"]
GEOD = pyproj.Geod(ellps="WGS84")


def metres(a, b):
    """Distances in metres between two (lon, lat) points or two pairs of arrays."""
    return np.asarray(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def one(convert, lonlat):
    lon, lat = convert(np.array([lonlat[0]]), np.array([lonlat[1]]))
    return float(lon[0]), float(lat[0])


@pytest.mark.parametrize("text, kind, epsg, label", [
    ("EPSG:4549", "epsg", 4549, "EPSG:4549"),
    ("epsg:4549", "epsg", 4549, "EPSG:4549"),
    ("4549", "epsg", 4549, "EPSG:4549"),
    (" EPSG:32650 ", "epsg", 32650, "EPSG:32650"),
    ("gcj02", "gcj02", None, "GCJ-02"),
    ("gcj-02", "gcj02", None, "GCJ-02"),
    ("GCJ02", "gcj02", None, "GCJ-02"),
    ("bd09", "bd09", None, "BD-09"),
    ("BD-09", "bd09", None, "BD-09"),
    ("wgs84", "epsg", 4326, "EPSG:4326"),
    ("WGS 84", "epsg", 4326, "EPSG:4326"),
    ("cgcs2000", "epsg", 4490, "EPSG:4490"),
])
def test_parse_crs_accepts(text, kind, epsg, label):
    spec = parse_crs(text)
    assert (spec.kind, spec.epsg, spec.label) == (kind, epsg, label)


@pytest.mark.parametrize("text, says", [
    ("gcj03", "gcj02, bd09"),
    ("EPSG:abc", "EPSG:<code>"),
    ("mercator", "cgcs2000"),
    ("EPSG:999999", "unknown EPSG code 999999"),
])
def test_parse_crs_refuses_naming_the_text(text, says):
    with pytest.raises(CrsError) as caught:
        parse_crs(text)
    assert says in caught.value.message
    assert text.split(":")[-1] in str(caught.value)


@pytest.mark.parametrize("declared, expected", [
    ("EPSG:4549", CrsSpec("epsg", 4549, "EPSG:4549")),
    ("OGC:CRS84", CrsSpec("epsg", 4326, "EPSG:4326")),
    (pyproj.CRS.from_epsg(4490), CrsSpec("epsg", 4490, "EPSG:4490")),
])
def test_crs_from_pyproj_finds_the_epsg_code(declared, expected):
    assert crs.crs_from_pyproj(declared) == expected


def test_crs_without_epsg_code_is_kept_and_still_transforms():
    custom = "+proj=tmerc +lat_0=0 +lon_0=120.5 +k=1 +x_0=50000 +y_0=-3000000 +ellps=GRS80 +units=m +no_defs"
    spec = crs.crs_from_pyproj(custom)
    assert spec.kind == "wkt" and spec.epsg is None
    lon, lat = crs.points_to_storage([50000.0], [1000000.0], spec)
    assert lon[0] == pytest.approx(120.5, abs=1e-9) and 36 < lat[0] < 36.2


# --- published vectors --------------------------------------------------------------------------------

@pytest.mark.parametrize("wgs_lat, wgs_lon, gcj_lat, gcj_lon, place", EVIL["wgs_gcj"])
def test_eviltransform_vectors_both_ways(wgs_lat, wgs_lon, gcj_lat, gcj_lon, place):
    assert metres(one(crs.wgs84_to_gcj02, (wgs_lon, wgs_lat)), (gcj_lon, gcj_lat)) < EVIL["wgs_to_gcj_tolerance_m"]
    back = one(crs.gcj02_to_wgs84, (gcj_lon, gcj_lat))
    assert metres(back, (wgs_lon, wgs_lat)) < EVIL["gcj_to_wgs_exact_tolerance_m"]


@pytest.mark.parametrize("convert, key, tolerance_m", [
    (crs.wgs84_to_gcj02, "wgs84_to_gcj02", 0.02),
    (crs.wgs84_to_bd09, "wgs84_to_bd09", 0.02),
    (lambda x, y: crs.wgs84_to_bd09(*crs.gcj02_to_wgs84(x, y)), "gcj02_to_bd09", 0.02),
    # coordTransform's inverses are the one-step approximations (~0.3 m off here); ours are exact.
    (crs.bd09_to_wgs84, "bd09_to_wgs84", 0.5),
    (lambda x, y: crs.wgs84_to_gcj02(*crs.bd09_to_wgs84(x, y)), "bd09_to_gcj02", 0.5),
])
def test_coordtransform_readme_vectors(convert, key, tolerance_m):
    assert metres(one(convert, README["input_lnglat"]), README[key]) < tolerance_m


def test_the_known_bad_port_latitude_is_not_ours():
    lon, lat = one(crs.wgs84_to_gcj02, README["input_lnglat"])
    wrong = README["known_bad_port_mutation"]["wgs84_to_gcj02_lat_wrong"]
    assert metres((lon, lat), (lon, wrong)) > 40
    assert lat == pytest.approx(README["wgs84_to_gcj02"][1], abs=1e-9)


def test_gcj02_inverse_is_exact_not_the_one_step_approximation():
    gcj = README["input_lnglat"]
    wgs = one(crs.gcj02_to_wgs84, gcj)
    assert metres(one(crs.wgs84_to_gcj02, wgs), gcj) < 1e-4
    approx = README["gcj02_to_wgs84_one_step_approx"]
    assert metres(one(crs.wgs84_to_gcj02, approx), gcj) > 0.05


@pytest.mark.parametrize("convert, source, target, tolerance_m", [
    # the vendor's WGS 84 is the one-step inverse, ~1.75 m from the exact one (see the vectors file)
    (crs.gcj02_to_wgs84, "GCJ02", "WGS84", 2.0),
    (crs.bd09_to_wgs84, "BD09", "WGS84", 2.0),
    # the vendor prints 6 decimals (~0.1 m)
    (lambda x, y: crs.wgs84_to_bd09(*crs.gcj02_to_wgs84(x, y)), "GCJ02", "BD09", 0.1),
    (lambda x, y: crs.points_to_storage(x, y, parse_crs("wgs84")), "WGS84", "CGCS2000", 1e-9),
])
def test_aliyun_vendor_example(convert, source, target, tolerance_m):
    assert metres(one(convert, ALIYUN[source]), ALIYUN[target]) < tolerance_m


# --- against prcoords, point by point -----------------------------------------------------------------

@pytest.fixture
def china_points():
    rng = np.random.default_rng(20240607)
    return rng.uniform(74, 134, 400), rng.uniform(19, 53, 400)


@pytest.fixture
def exact_prcoords(monkeypatch):
    """prcoords with its fixed-point loop run to convergence (it stops at 1e-5° corrections by default)."""
    monkeypatch.setattr(prcoords, "PRC_EPS", 1e-12)
    return prcoords


@pytest.mark.parametrize("ours, theirs", [
    (crs.wgs84_to_gcj02, "wgs_gcj"),
    (crs.gcj02_to_wgs84, "gcj_wgs_bored"),
    (crs.wgs84_to_bd09, "wgs_bd"),
    (crs.bd09_to_wgs84, "bd_wgs_bored"),
])
def test_agrees_with_prcoords_point_by_point(china_points, exact_prcoords, ours, theirs):
    lon, lat = china_points
    ref = [getattr(exact_prcoords, theirs)(prcoords.Coords(b, a)) for a, b in zip(lon, lat)]
    got = ours(lon, lat)
    assert metres(got, ([c.lon for c in ref], [c.lat for c in ref])).max() < 0.01


@pytest.mark.parametrize("there, back", [
    (crs.wgs84_to_gcj02, crs.gcj02_to_wgs84),
    (crs.wgs84_to_bd09, crs.bd09_to_wgs84),
])
def test_inverse_round_trips_to_1e9_degrees(china_points, there, back):
    lon, lat = china_points
    lon2, lat2 = back(*there(lon, lat))
    assert np.abs(lon2 - lon).max() < 1e-9 and np.abs(lat2 - lat).max() < 1e-9


# --- outside China ------------------------------------------------------------------------------------

@pytest.mark.parametrize("convert", [crs.wgs84_to_gcj02, crs.gcj02_to_wgs84, crs.wgs84_to_bd09, crs.bd09_to_wgs84])
def test_outside_china_nothing_is_shifted(convert):
    lon, lat = np.array([-73.95, 151.2, 2.35]), np.array([40.68, -33.87, 48.86])  # New York, Sydney, Paris
    out_lon, out_lat = convert(lon, lat)
    assert np.array_equal(out_lon, lon) and np.array_equal(out_lat, lat)


def test_china_box_is_coarse_seoul_is_shifted_and_only_inside_points_move():
    lon, lat = np.array([126.98, -73.95, 120.47]), np.array([37.57, 40.68, 36.10])  # Seoul, New York, Qingdao
    out_lon, out_lat = crs.wgs84_to_gcj02(lon, lat)
    moved = metres((lon, lat), (out_lon, out_lat))
    assert moved[0] > 100 and moved[1] == 0 and moved[2] > 100


def test_missing_coordinates_stay_missing():
    lon, lat = crs.gcj02_to_wgs84(np.array([np.nan, 120.47]), np.array([np.nan, 36.10]))
    assert np.isnan(lon[0]) and np.isnan(lat[0]) and np.isfinite(lon[1])


# --- EPSG through PROJ --------------------------------------------------------------------------------

def test_wgs84_is_storage_unchanged():
    lon, lat = crs.points_to_storage([120.123456789], [36.987654321], parse_crs("EPSG:4326"))
    assert (lon[0], lat[0]) == (120.123456789, 36.987654321)


def test_gauss_kruger_central_meridian_and_a_known_point():
    spec = parse_crs("EPSG:4549")  # CGCS2000 3-degree Gauss-Krüger, CM 120E, no zone prefix
    lon, lat = crs.points_to_storage([500000.0], [4000000.0], spec)
    assert lon[0] == pytest.approx(120.0, abs=1e-12)
    x, y = pyproj.Transformer.from_crs(4490, 4549, always_xy=True).transform(120.47, 36.10)
    lon, lat = crs.points_to_storage([x], [y], spec)
    assert (lon[0], lat[0]) == pytest.approx((120.47, 36.10), abs=1e-9)


@pytest.mark.parametrize("target", ["EPSG:4549", "EPSG:32651", "gcj02", "bd09", "EPSG:4326"])
def test_geometries_round_trip_through_any_target(target):
    spec = parse_crs(target)
    square = shapely.Polygon([(120.47, 36.10), (120.48, 36.10), (120.48, 36.11), (120.47, 36.11)],
                             holes=[[(120.472, 36.102), (120.474, 36.102), (120.474, 36.104)]])
    there = crs.geometries_from_storage([square, None], spec)
    back = crs.geometries_to_storage(there, spec)
    assert back[1] is None
    assert np.abs(shapely.get_coordinates(back[0]) - shapely.get_coordinates(square)).max() < 1e-9


def test_a_district_of_50k_vertices_converts_well_under_a_second():
    angles = np.linspace(0, 2 * np.pi, 50_000)
    ring = np.column_stack([120.47 + 0.1 * np.cos(angles), 36.10 + 0.1 * np.sin(angles)])
    district = shapely.Polygon(ring)
    started = time.perf_counter()
    stored = crs.geometries_to_storage([district], parse_crs("gcj02"))
    assert time.perf_counter() - started < 0.5
    assert shapely.get_num_coordinates(stored[0]) == shapely.get_num_coordinates(district)
