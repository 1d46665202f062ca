"""``gridgov incidents replace`` after a published split: incidents reported since the new generation took
effect are placed again and reported as moves; older ones keep the grid they had unless ``--all``; an
incident placed by hand is never moved; a second run moves nothing."""
import json

import pytest

from tests.command_line import stored
from tests.gridgov_cli.cli import EAST, WEST, cut, ok
from tests.planning import GRID, point

PATROLS = {                     # ticket: (reported, (col, row) in grid units; grid 1 is the square (0..1, 1..2))
    "P-MARCH-WEST": ("2025-03-03 09:00:00", (0.3, 1.5)),
    "P-JULY-WEST": ("2025-07-01 09:00:00", (0.3, 1.45)),
    "P-JULY-EAST": ("2025-07-01 10:00:00", (0.9, 1.5)),
    "P-JULY-HAND": ("2025-07-01 11:00:00", (0.35, 1.5)),
}


@pytest.fixture
def placed(planning_store, tmp_path):
    store = planning_store
    lines = ["上报编号,上报时间,事件类型,经度,纬度,坐标系"]
    for ref, (at, (col, row)) in PATROLS.items():
        lon, lat = point(col, row)
        lines.append(f"{ref},{at},噪声扰民,{lon:.8f},{lat:.8f},EPSG:4326")
    (tmp_path / "patrol.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok("incidents", "import", tmp_path / "patrol.csv", "--channel", "patrol")
    assert _grids(store) == {ref: GRID[1] for ref in PATROLS}
    ok("incidents", "place", _id(store, "P-JULY-HAND"), GRID[2])        # a reviewer's decision

    ok("plan", "split", GRID[1], "--line", cut(), "--as", "p1", "--revision", "0")
    ok("plan", "submit", "--as", "p1")
    ok("plan", "approve", "--as", "a1")
    ok("plan", "publish", "--as", "p1", "--effective", "2025-06-01")
    return store


def _grids(url):
    return dict(stored(url, "SELECT source_ref, grid_code FROM incident"))


def _id(url, ref):
    return stored(url, "SELECT id FROM incident WHERE source_ref = %s", (ref,))[0][0]


def test_incidents_since_the_effective_date_move_to_the_new_grids(placed):
    result = json.loads(ok("incidents", "replace", "--json"))
    assert (result["generation"], result["since"][:10], result["examined"], result["moved"]) == (2, "2025-06-01", 2, 2)
    assert {m["source_ref"]: (m["from"], m["to"]) for m in result["moves"]} == {
        "P-JULY-WEST": (GRID[1], WEST), "P-JULY-EAST": (GRID[1], EAST)}
    assert _grids(placed) == {"P-MARCH-WEST": GRID[1], "P-JULY-WEST": WEST, "P-JULY-EAST": EAST,
                              "P-JULY-HAND": GRID[2]}
    generations = dict(stored(placed, "SELECT source_ref, generation_id FROM incident"))
    assert generations == {"P-MARCH-WEST": 1, "P-JULY-WEST": 2, "P-JULY-EAST": 2, "P-JULY-HAND": 1}

    again = json.loads(ok("incidents", "replace", "--json"))
    assert (again["examined"], again["moved"], again["moves"]) == (2, 0, [])


def test_all_moves_the_older_ones_too_but_never_a_placement_by_hand(placed):
    text = ok("incidents", "replace", "--all")
    assert "3 incidents examined (since the beginning), 3 moved" in text
    assert f"P-MARCH-WEST: {GRID[1]} → {WEST}" in text
    assert _grids(placed) == {"P-MARCH-WEST": WEST, "P-JULY-WEST": WEST, "P-JULY-EAST": EAST,
                              "P-JULY-HAND": GRID[2]}
