"""History: comparing two generations after a split was published, and the change log across several."""
import datetime as dt

import pytest
import shapely
from shapely.geometry import LineString

from grids.cells.compare import chained_code_changes, compare_generations
from grids.planning import edits, publishing
from tests.planning import COMMUNITY, GRID, building, load_planning_world, point, square

WEST, EAST = f"{COMMUNITY}005", f"{COMMUNITY}006"


@pytest.fixture
def world(conn):
    return load_planning_world(conn)


def publish(conn, world, revision):
    publishing.submit(conn, by=world["p1"], expected_revision=revision)
    publishing.approve(conn, by=world["a1"], expected_revision=revision)
    return publishing.publish(conn, by=world["p1"], expected_revision=revision, effective_date=dt.date(2025, 6, 1))


def split_and_reshape(conn, world):
    """Generation 2: grid 1 split at x = 0.5; grid 4 grows by a strip of grid 3 (codes kept)."""
    edits.split_grid(conn, GRID[1], LineString([point(0.5, 0.9), point(0.5, 2.1)]), by=world["p1"],
                     expected_revision=0)
    edits.reshape_grid(conn, GRID[4], square(1, 0, 1, 1.1), by=world["p1"], expected_revision=1)
    return publish(conn, world, 2)["generation"]


def test_compare_lists_added_removed_and_reshaped_grids_with_geometries(conn, world):
    second = split_and_reshape(conn, world)
    found = compare_generations(conn, 1, second)
    assert found["summary"] == {"added": 2, "removed": 1, "reshaped": 2, "changed": 0, "unchanged": 1}
    by_code = {c["code"]: c for c in found["cells"]}
    assert {c: by_code[c]["change"] for c in by_code} == {
        GRID[1]: "removed", GRID[3]: "reshaped", GRID[4]: "reshaped", WEST: "added", EAST: "added"}
    assert by_code[GRID[1]]["geometry_after"] is None
    west = shapely.geometry.shape(by_code[WEST]["geometry_after"])
    assert west.symmetric_difference(square(0, 1, 0.5, 1)).area < 1e-11         # 6 decimals: 0.1 m
    assert by_code[GRID[4]]["area_after_m2"] > by_code[GRID[4]]["area_before_m2"]
    assert {(c["old_code"], c["new_code"]) for c in found["code_changes"]} == {(GRID[1], WEST), (GRID[1], EAST)}


def test_compare_backwards_reads_the_log_backwards(conn, world):
    second = split_and_reshape(conn, world)
    found = compare_generations(conn, second, 1, community_code=COMMUNITY)
    assert {c["code"]: c["change"] for c in found["cells"]}[WEST] == "removed"
    assert {(c["old_code"], c["new_code"]) for c in found["code_changes"]} == {(WEST, GRID[1]), (EAST, GRID[1])}


def test_code_changes_chain_across_generations(conn, world):
    second = split_and_reshape(conn, world)
    edits.merge_grids(conn, [WEST, GRID[2]], by=world["p2"], expected_revision=0)
    third = publish(conn, world, 1)["generation"]
    merged = f"{COMMUNITY}007"
    changes = {(c["old_code"], c["new_code"]) for c in chained_code_changes(conn, 1, third, level="grid")}
    assert changes == {(GRID[1], merged), (GRID[1], EAST), (GRID[2], merged)}
    buildings = {(c["old_code"], c["new_code"]) for c in chained_code_changes(conn, 1, third)
                 if c["kind"] == "building"}
    assert (building(1, 1), f"{merged}001") in buildings          # 001 → 005 (split) → 007 (merge)
    assert (building(2, 1), f"{merged}003") in buildings          # numbered west → east, north → south
    assert second == 2 and third == 3
