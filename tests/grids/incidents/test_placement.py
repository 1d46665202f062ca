"""Placing points: inside, on a shared edge (lowest code), in a dedicated grid, near, outside; and an
address under a dedicated grid placed by the same rule as a point."""
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.incidents.locate import load_register, locate
from grids.incidents.placement import CellIndex, place_points
from tests.shapes import ORIGIN, UNIT, import_frame, load_two_by_two, square

X0, Y0 = ORIGIN


def _index(conn, extra=()):
    generation = load_two_by_two(conn)
    for rows, level, kind in extra:
        import_cells(conn, import_frame(rows), level, kind)
    generations.publish(conn)
    return CellIndex.load(conn, generation)


def _place(index, *points, **options):
    lon, lat = np.array(points, dtype=float).T
    return place_points(index, lon, lat, **options)


# grids: 001 = NW (0,1), 002 = SW (0,0), 003 = NE (1,1), 004 = SE (1,0)
@pytest.mark.parametrize("point, grid", [
    ((X0 + 0.5 * UNIT, Y0 + 1.5 * UNIT), "370212001001001"),        # inside NW
    ((X0 + 1.5 * UNIT, Y0 + 0.5 * UNIT), "370212001001004"),        # inside SE
    ((X0 + 1.0 * UNIT, Y0 + 0.5 * UNIT), "370212001001002"),        # edge SW|SE -> lowest code
    ((X0 + 0.5 * UNIT, Y0 + 1.0 * UNIT), "370212001001001"),        # edge NW|SW -> lowest code
    ((X0 + 1.0 * UNIT, Y0 + 1.0 * UNIT), "370212001001001"),        # the corner of all four
    ((X0, Y0), "370212001001002"),                                  # outer corner, one grid only
])
def test_points_inside_and_on_shared_edges(conn, point, grid):
    placed = _place(_index(conn), point).iloc[0]
    assert placed["grid_code"] == grid and placed["method"] == "coordinates"
    assert (placed["district_code"], placed["street_code"], placed["community_code"]) == (
        "370212", "370212001", "370212001001")


def test_a_dedicated_grid_takes_precedence_over_the_basic_grid_beneath(conn):
    park = {"code": "370212001001901", "parent": "370212001001", "geom": square(0.2, 0.2, 0.3, 0.3)}
    index = _index(conn, [([park], "grid", "dedicated")])
    inside, beside = _place(index, (X0 + 0.3 * UNIT, Y0 + 0.3 * UNIT), (X0 + 0.7 * UNIT, Y0 + 0.7 * UNIT))["grid_code"]
    assert (inside, beside) == ("370212001001901", "370212001001002")


def test_an_address_under_a_dedicated_grid_is_placed_in_it_as_a_point_there_is(conn):
    """Buildings 1 and 2 of 东园 stand in the park (dedicated grid 901, over basic grid 002), building 3
    beside it; 西园's one building (004) in the park too. By address as by coordinates, dedicated takes
    precedence; a compound only partly under the park stays with the basic grid holding it all."""
    park = {"code": "370212001001901", "parent": "370212001001", "geom": square(0.2, 0.2, 0.3, 0.3)}
    corners = {1: (0.25, 0.25), 2: (0.25, 0.4), 3: (0.7, 0.7), 4: (0.4, 0.25)}
    buildings = [{"code": f"370212001001002{n:03d}", "parent": "370212001001002",
                  "geom": square(x, y, 0.05, 0.05)} for n, (x, y) in corners.items()]
    index = _index(conn, [([park], "grid", "dedicated"), (buildings, "microgrid", "building")])
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO standard_address (cell_code, compound, building_number, full_address) "
                        "VALUES (%s, %s, %s, %s)", [(f"370212001001002{n:03d}", compound, f"{number}号楼",
                                                     f"{compound}{number}号楼")
                                                    for n, compound, number in [(1, "东园", 1), (2, "东园", 2),
                                                                                (3, "东园", 3), (4, "西园", 1)]])
    inside = (X0 + 0.27 * UNIT, Y0 + 0.27 * UNIT)
    records = pd.DataFrame({"x": [inside[0], None, None, None, None], "y": [inside[1], None, None, None, None],
                            "crs": ["EPSG:4490", None, None, None, None],
                            "address": [None, "东园1号楼", "东园3号楼", "东园", "西园"]})
    placed = locate(index, load_register(conn, index), records)
    assert placed["grid_code"].tolist() == ["370212001001901", "370212001001901", "370212001001002",
                                            "370212001001002", "370212001001901"]
    assert placed["microgrid_code"].tolist()[:3] == ["370212001001002001", "370212001001002001",
                                                     "370212001001002003"]
    assert placed["placement_method"].tolist()[0] == "coordinates" and set(placed["community_code"]) == {
        "370212001001"}


def test_buildings_and_stairwells(conn):
    x, y = X0 + 0.2 * UNIT, Y0 + 0.2 * UNIT
    building = {"code": "370212001001002001", "parent": "370212001001002", "geom": box(x, y, x + 0.0004, y + 0.0002)}
    units = [{"code": f"370212001001002001{u:02d}", "parent": "370212001001002001", "kind": "stairwell",
              "geom": box(x + (u - 1) * 0.0002, y, x + u * 0.0002, y + 0.0002)} for u in (1, 2)]
    index = _index(conn, [([building], "microgrid", "building"), (units, "microgrid", "stairwell")])
    placed = _place(index, (x + 0.0003, y + 0.0001), (x + 0.0002, y + 0.0001), (x - 0.0001, y))
    assert placed["microgrid_code"].tolist() == ["37021200100100200102", "37021200100100200101", None]
    assert placed["level"].tolist() == ["stairwell", "stairwell", "grid"]
    assert set(placed["grid_code"]) == {"370212001001002"}


def test_nearest_within_fifty_metres_else_unplaced(conn):
    index = _index(conn)
    metre = 1 / 110_574  # degrees of latitude per metre
    placed = _place(index, (X0 + 0.5 * UNIT, Y0 - 30 * metre), (X0 + 0.5 * UNIT, Y0 - 80 * metre))
    near, far = placed.iloc[0], placed.iloc[1]
    assert near["grid_code"] == "370212001001002" and near["method"] == "nearest"
    assert near["distance_m"] == pytest.approx(30, abs=0.5) and 0.5 < near["confidence"] < 1
    assert far["grid_code"] is None and far["method"] is None and far["reason"] == "outside all cells"
    wider = _place(index, (X0 + 0.5 * UNIT, Y0 - 80 * metre), max_distance_m=100).iloc[0]
    assert wider["grid_code"] == "370212001001002" and wider["distance_m"] == pytest.approx(80, abs=0.5)


def test_rows_without_an_address_text_are_not_matched_as_addresses(conn):
    """A patrol file has no address column: its points outside the city are simply outside, and a row
    with neither point nor address has nothing to match; the register is not asked (issue 20)."""
    index = _index(conn)
    register = load_register(conn, index)
    metre = 1 / 110_574
    records = pd.DataFrame({"x": [X0 + 0.5 * UNIT, X0 + 0.5 * UNIT, None, None],
                            "y": [Y0 - 80 * metre, Y0 + 0.5 * UNIT, None, None],
                            "crs": ["EPSG:4490", "EPSG:4490", None, None], "address": [None, None, None, "  "]})
    placed = locate(index, register, records)
    reasons = placed["unplaced_reason"].tolist()
    assert reasons[0] == "outside all cells" and reasons[2:] == ["no coordinates and no address"] * 2
    assert placed["placement_candidates"].isna().all() and placed["grid_code"].tolist()[1] == "370212001001002"
    asked = register._match_normalized.cache_info()
    assert asked.hits + asked.misses == 0


def test_one_point_and_a_batch_agree(conn):
    index = _index(conn)
    rng = np.random.default_rng(3)
    lon = rng.uniform(X0 - 0.1 * UNIT, X0 + 2.1 * UNIT, 500)
    lat = rng.uniform(Y0 - 0.1 * UNIT, Y0 + 2.1 * UNIT, 500)
    batch = place_points(index, lon, lat)
    single = [place_points(index, lon[i:i + 1], lat[i:i + 1]).iloc[0]["grid_code"] for i in range(0, 500, 25)]
    assert single == batch["grid_code"].iloc[::25].tolist()


def _street_and_community_only(conn):
    """A district (2×2) whose street covers its west half and whose one community the street's south
    half; no grids at all — the usual first load of a city."""
    generation = generations.open_draft(conn)
    for code, level, geom in (("370212", "district", square(0, 0, 2, 2)), ("370212001", "street", square(0, 0, 1, 2)),
                              ("370212001001", "community", square(0, 0, 1, 1))):
        import_cells(conn, import_frame([{"code": code, "name": level, "geom": geom}]), level)
    return generation


def test_a_store_without_grids_places_points_at_the_finest_level_it_has(conn):
    _street_and_community_only(conn)
    generations.publish(conn)
    index = CellIndex.load(conn, generations.current_generation(conn))
    placed = _place(index, (X0 + 0.5 * UNIT, Y0 + 0.5 * UNIT), (X0 + 0.5 * UNIT, Y0 + 1.5 * UNIT),
                    (X0 + 1.5 * UNIT, Y0 + 0.5 * UNIT), (X0 + 3 * UNIT, Y0 + 3 * UNIT))
    codes = placed.astype(object).where(placed.notna(), None)
    assert codes["level"].tolist() == ["community", "street", "district", None]
    assert codes["community_code"].tolist() == ["370212001001", None, None, None]
    assert codes["street_code"].tolist() == ["370212001", "370212001", None, None]
    assert codes["district_code"].tolist() == ["370212", "370212", "370212", None]
    assert placed["grid_code"].isna().all() and placed["method"].tolist() == ["coordinates"] * 3 + [None]


def test_a_draft_only_store_says_to_publish(conn, tmp_path):
    from etl.incidents.importing import import_incident_file
    from grids.errors import GenerationError

    _street_and_community_only(conn)
    path = tmp_path / "patrol.csv"
    pd.DataFrame({"source_ref": ["P1"], "reported_at": ["2025-03-01 08:00:00"], "category_text": ["噪音扰民"],
                  "x": [X0 + 0.5 * UNIT], "y": [Y0 + 1.5 * UNIT]}).to_csv(path, index=False)
    with pytest.raises(GenerationError, match="in the draft; publish it first"):
        import_incident_file(conn, path, channel="patrol")
    generations.publish(conn)
    report = import_incident_file(conn, path, channel="patrol")
    assert report["placed_by"] == {"coordinates": 1}
    with conn.cursor() as cur:
        cur.execute("SELECT street_code, community_code, grid_code, placement_level FROM incident "
                    "WHERE source_ref = 'P1'")
        assert cur.fetchone() == ("370212001", None, None, "street")
