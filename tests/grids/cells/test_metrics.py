"""Grid metrics on hand-made shapes: a square's Polsby-Popper is π/4 on the ellipsoid, a 0.01° cell is
not a square there, a grid in two parts is not contiguous, and the counts come from the micro-grids."""
import math

import pyproj
import pytest
from shapely.geometry import MultiPolygon, box

from grids.cells.boundaries import import_cells
from grids.cells.metrics import grid_metrics, polsby_popper
from grids.planning import edits
from tests.planning import COMMUNITY, GRID, building, load_planning_world
from tests.shapes import ORIGIN, UNIT, import_frame, load_two_by_two, square

GEOD = pyproj.Geod(ellps="GRS80")


def metres_square(side_m, origin=ORIGIN):
    """A square of ``side_m`` metres on the ground (edges along a meridian and a parallel)."""
    east, _, _ = GEOD.fwd(origin[0], origin[1], 90, side_m)
    _, north, _ = GEOD.fwd(origin[0], origin[1], 0, side_m)
    return box(origin[0], origin[1], east, north)


def test_polsby_popper_of_a_square_and_a_disc():
    assert polsby_popper(1.0, 4.0) == pytest.approx(math.pi / 4)
    assert polsby_popper(math.pi, 2 * math.pi) == pytest.approx(1.0)


def test_a_square_on_the_ground_scores_pi_over_four(conn):
    side = metres_square(500)
    load_two_by_two(conn, [{"code": "370212001001001", "geom": side}])
    [grid] = grid_metrics(conn, 1)
    assert grid["compactness"] == pytest.approx(math.pi / 4, abs=1e-3)
    assert grid["area_m2"] == pytest.approx(250_000, rel=1e-3)
    assert grid["perimeter_m"] == pytest.approx(2_000, rel=1e-3)
    assert (grid["parts"], grid["contiguous"]) == (1, True)


def test_compactness_is_measured_on_the_ellipsoid_not_in_degrees(conn):
    generation = load_two_by_two(conn)
    grid = grid_metrics(conn, generation)[0]
    # a 0.01° × 0.01° cell at 36° N is ~900 m × ~1,110 m: a rectangle, whose score is π·a·b/(a+b)²
    _, _, east_west = GEOD.inv(ORIGIN[0], ORIGIN[1] + UNIT, ORIGIN[0] + UNIT, ORIGIN[1] + UNIT)
    _, _, north_south = GEOD.inv(ORIGIN[0], ORIGIN[1], ORIGIN[0], ORIGIN[1] + UNIT)
    expected = math.pi * east_west * north_south / (east_west + north_south) ** 2
    assert grid["compactness"] == pytest.approx(expected, abs=2e-3)
    assert grid["compactness"] < math.pi / 4 - 0.005


def test_a_grid_in_two_parts_is_not_contiguous(conn):
    two_parts = MultiPolygon([square(0, 1, 0.5, 1), square(1.5, 1, 0.5, 1)])
    generation = load_two_by_two(conn, [{"code": "370212001001001", "geom": two_parts},
                                        {"code": "370212001001002", "geom": square(0, 0)}])
    metrics = {m["code"]: m for m in grid_metrics(conn, generation)}
    assert (metrics["370212001001001"]["parts"], metrics["370212001001001"]["contiguous"]) == (2, False)
    assert (metrics["370212001001002"]["parts"], metrics["370212001001002"]["contiguous"]) == (1, True)


def test_households_buildings_stairwells_and_member_come_from_the_cells(conn):
    load_planning_world(conn)
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM person WHERE code = 'M1'")
        m1 = cur.fetchone()[0]
    metrics = {m["code"]: m for m in grid_metrics(conn, 1, COMMUNITY)}
    assert sorted(metrics) == sorted(GRID.values())
    first = metrics[GRID[1]]
    # the grid has no household figure of its own: the sum of its four buildings' 10 each
    assert (first["households"], first["buildings"], first["stairwells"], first["member"]) == (40, 4, 8, m1)
    assert first["community_code"] == COMMUNITY and first["kind"] == "basic"
    assert grid_metrics(conn, 1, "370212001002") == []


def test_a_dedicated_grid_counts_the_buildings_lying_in_it(conn):
    load_planning_world(conn)
    # over the north-west quarter of grid 001: its building 001 (and nothing of the others)
    import_cells(conn, import_frame([{"code": "370212001001901", "name": "市场", "parent": COMMUNITY,
                                      "geom": square(0, 1.5, 0.5, 0.5)}]), "grid", "dedicated")
    draft = 2
    metrics = {m["code"]: m for m in grid_metrics(conn, draft, COMMUNITY)}
    market = metrics["370212001001901"]
    assert (market["kind"], market["buildings"], market["stairwells"], market["households"]) == ("dedicated", 1, 2, 10)
    assert market["member"] is None
    assert metrics[GRID[1]]["buildings"] == 4


def test_a_building_moved_across_the_community_leaves_its_new_grid_in_two_parts(conn):
    accounts = load_planning_world(conn)
    edits.move_buildings(conn, [building(1, 1)], GRID[3], by=accounts["p1"], expected_revision=0)
    metrics = {m["code"]: m for m in grid_metrics(conn, 2, COMMUNITY)}
    assert (metrics[GRID[3]]["parts"], metrics[GRID[3]]["contiguous"], metrics[GRID[3]]["buildings"]) == (2, False, 5)
    assert (metrics[GRID[1]]["parts"], metrics[GRID[1]]["buildings"], metrics[GRID[1]]["households"]) == (1, 3, 30)
    # grid 001 now has a hole where the building was: its perimeter grew, so its score fell
    assert metrics[GRID[1]]["compactness"] < grid_metrics(conn, 1, COMMUNITY)[0]["compactness"]
