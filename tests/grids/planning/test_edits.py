"""Planners' edits of the draft on the 2×2 community with four buildings per grid (``tests.planning``)."""
import pytest
from shapely.geometry import LineString, box

from grids.cells import code_changes, generations
from grids.cells.checks import run_checks
from grids.errors import DraftError
from grids.planning import drafts, edits
from tests.planning import (
    COMMUNITY,
    GRID,
    building,
    building_box,
    grids_of,
    load_planning_world,
    parents,
    point,
    square,
)


@pytest.fixture
def world(conn):
    return load_planning_world(conn)


def line(*points):
    return LineString([point(c, r) for c, r in points])


def errors(conn, generation):
    return [f for f in run_checks(conn, generation) if f.severity == "error"]


def test_split_regenerates_codes_by_the_standard_rule_and_recodes_buildings(conn, world):
    result = edits.split_grid(conn, GRID[1], line((0.5, 0.9), (0.5, 2.1)), by=world["p1"],
                              expected_revision=0, reason="too many households")

    west, east = f"{COMMUNITY}005", f"{COMMUNITY}006"          # after the highest serial in use (004)
    assert result.revision == 1 and result.edit == "split"
    assert sorted(result.grids) == [west, east] and result.removed == [GRID[1]]
    draft = generations.draft_generation(conn)
    assert result.generation == draft == 2
    grids = grids_of(conn, draft)
    assert set(grids) == {GRID[2], GRID[3], GRID[4], west, east}
    assert grids[west]["households"] == grids[east]["households"] == 20
    assert grids[west]["name"] == "社区第5网格"
    buildings = parents(conn, draft)
    assert {c for c, p in buildings.items() if p == west} == {f"{west}001", f"{west}002"}   # NW, SW of the old grid
    assert {c for c, p in buildings.items() if p == east} == {f"{east}001", f"{east}002"}
    stairwells = parents(conn, draft, ("microgrid", "stairwell"))
    assert stairwells[f"{west}00101"] == f"{west}001" and stairwells[f"{east}00202"] == f"{east}002"
    assert not errors(conn, draft)
    assert GRID[1] in grids_of(conn, generations.current_generation(conn))   # the published one is untouched


def test_the_change_log_maps_old_codes_to_new_ones(conn, world):
    edits.split_grid(conn, GRID[1], line((0.5, 0.9), (0.5, 2.1)), by=world["p1"], expected_revision=0)
    draft = generations.draft_generation(conn)
    changes = {(c["old_code"], c["new_code"]) for c in code_changes.code_changes(conn, draft)}
    west, east = f"{COMMUNITY}005", f"{COMMUNITY}006"
    assert {(GRID[1], west), (GRID[1], east)} <= changes
    assert (building(1, 1), f"{west}001") in changes and (building(1, 3), f"{east}001") in changes
    assert (f"{building(1, 4)}02", f"{east}00202") in changes              # stairwells keep their unit number
    assert len(changes) == 2 + 4 + 8
    with conn.cursor() as cur:
        cur.execute("SELECT cell_code, full_address FROM standard_address WHERE cell_code IN (%s, %s)",
                    (building(1, 1), f"{west}001"))
        addresses = dict(cur.fetchall())
    assert addresses == {building(1, 1): "测试小区11号楼", f"{west}001": "测试小区11号楼"}   # old one kept


def test_a_building_is_never_split_it_goes_to_the_side_holding_most_of_it(conn, world):
    # x = 0.2 cuts buildings 001 and 002 (x 0.15–0.35) of grid 1: three quarters of each lie east of it.
    edits.split_grid(conn, GRID[1], line((0.2, 0.9), (0.2, 2.1)), by=world["p1"], expected_revision=0)
    draft = generations.draft_generation(conn)
    grids = grids_of(conn, draft)
    west, east = f"{COMMUNITY}005", f"{COMMUNITY}006"
    assert grids[west]["households"] == 0 and grids[east]["households"] == 40
    assert grids[east]["geom"].covers(building_box(1, 1)) and grids[east]["geom"].covers(building_box(1, 2))
    assert grids[west]["geom"].intersection(building_box(1, 1)).area < 1e-14
    assert not errors(conn, draft)        # no split building, no gap, no overlap


def test_merge_of_neighbours_gets_a_new_code_and_the_log_maps_both(conn, world):
    result = edits.merge_grids(conn, [GRID[1], GRID[2]], by=world["p1"], expected_revision=0)
    merged = f"{COMMUNITY}005"
    draft = generations.draft_generation(conn)
    assert result.grids == [merged] and sorted(result.removed) == [GRID[1], GRID[2]]
    assert grids_of(conn, draft)[merged]["households"] == 80
    assert sorted(p for p in parents(conn, draft).values() if p == merged) == [merged] * 8
    grid_changes = {(c["old_code"], c["new_code"]) for c in code_changes.code_changes(conn, draft, level="grid")}
    assert grid_changes == {(GRID[1], merged), (GRID[2], merged)}
    assert not errors(conn, draft)


def test_grids_touching_at_a_corner_are_no_neighbours(conn, world):
    with pytest.raises(DraftError, match="shares no boundary"):
        edits.merge_grids(conn, [GRID[1], GRID[4]], by=world["p1"], expected_revision=0)


def test_reshape_takes_from_the_neighbours_and_buildings_follow_the_majority(conn, world):
    boundary = square(0, 1, 1.5, 1)                       # grid 1 grows over the west half of grid 3
    result = edits.reshape_grid(conn, GRID[1], boundary, by=world["p1"], expected_revision=0)
    draft = generations.draft_generation(conn)
    grids = grids_of(conn, draft)
    assert sorted(result.grids) == [GRID[1], GRID[3]] and result.removed == []
    assert grids[GRID[1]]["geom"].equals(boundary) and grids[GRID[3]]["geom"].equals(square(1.5, 1, 0.5, 1))
    buildings = parents(conn, draft)
    assert buildings[f"{GRID[1]}005"] == buildings[f"{GRID[1]}006"] == GRID[1]   # 3's west buildings, re-coded
    assert grids[GRID[1]]["households"] == 60 and grids[GRID[3]]["households"] == 20
    assert [c["level"] for c in code_changes.code_changes(conn, draft, level="grid")] == []   # grids keep codes
    assert not errors(conn, draft)


def test_moving_a_building_and_back_restores_its_code_and_leaves_no_change(conn, world):
    moved = edits.move_buildings(conn, [building(1, 3)], GRID[3], by=world["p1"], expected_revision=0)
    draft = generations.draft_generation(conn)
    new_code = f"{GRID[3]}005"
    assert moved.buildings_recoded == 1 and parents(conn, draft)[new_code] == GRID[3]
    grids = grids_of(conn, draft)
    assert grids[GRID[3]]["geom"].covers(building_box(1, 3)) and grids[GRID[3]]["households"] == 50
    assert not errors(conn, draft)

    back = edits.move_buildings(conn, [new_code], GRID[1], by=world["p1"], expected_revision=1)
    assert back.code_changes[0] == {"old_code": new_code, "new_code": building(1, 3), "level": "microgrid",
                                    "kind": "building"}
    assert code_changes.code_changes(conn, draft) == []
    grids = grids_of(conn, draft)
    assert grids[GRID[1]]["low"] == grids[GRID[3]]["low"] == 1     # the published rows are valid again


def test_dedicated_grid_created_then_deleted(conn, world):
    park = box(*point(0.8, 0.8), *point(1.2, 1.2))
    created = edits.create_dedicated_grid(conn, COMMUNITY, park, "科技园", by=world["p1"], expected_revision=0)
    draft = generations.draft_generation(conn)
    assert created.grids == [f"{COMMUNITY}901"]
    park_grid = grids_of(conn, draft)[f"{COMMUNITY}901"]
    assert (park_grid["name"], park_grid["households"]) == ("科技园", None)
    changes = code_changes.code_changes(conn, draft)
    assert [(c["old_code"], c["new_code"]) for c in changes] == [(None, f"{COMMUNITY}901")]
    assert not errors(conn, draft)                          # a dedicated grid may lie over basic grids
    edits.delete_dedicated_grid(conn, f"{COMMUNITY}901", by=world["p1"], expected_revision=1)
    assert f"{COMMUNITY}901" not in grids_of(conn, draft) and code_changes.code_changes(conn, draft) == []


def test_replace_grids_keeps_the_code_of_a_grid_whose_geometry_and_buildings_stay(conn, world):
    keep = grids_of(conn, 1)[GRID[2]]["geom"]
    north = square(0, 1)
    result = edits.replace_grids(conn, COMMUNITY, [{"geometry": north}, {"geometry": keep}],
                                 by=world["p1"], expected_revision=0, replaces=[GRID[1], GRID[2]])
    assert result.grids == [GRID[1], GRID[2]] and result.code_changes == []


def test_replace_grids_refuses_to_leave_a_building_without_a_grid(conn, world):
    with pytest.raises(DraftError, match="belong to no grid"):
        edits.replace_grids(conn, COMMUNITY, [{"geometry": square(0, 1, 1, 0.5)}], by=world["p1"],
                            expected_revision=0, replaces=[GRID[1]])


def test_only_planners_and_administrators_edit(conn, world):
    with pytest.raises(DraftError, match="command_staff"):
        edits.merge_grids(conn, [GRID[1], GRID[2]], by=world["c1"], expected_revision=0)
    assert drafts.draft_status(conn)["generation"] is None


def test_a_line_that_does_not_cross_the_grid_is_refused(conn, world):
    with pytest.raises(DraftError, match="does not cut"):
        edits.split_grid(conn, GRID[1], line((0.5, 1.2), (0.5, 1.8)), by=world["p1"], expected_revision=0)


def test_a_whole_new_division_with_listed_buildings_replaces_every_grid_it_touches(conn, world):
    north = {"geometry": square(0, 1, 2, 1), "buildings": [building(g, n) for g in (1, 3) for n in (1, 2, 3, 4)]}
    south = {"geometry": square(0, 0, 2, 1), "buildings": [building(g, n) for g in (2, 4) for n in (1, 2, 3, 4)]}
    result = edits.replace_grids(conn, COMMUNITY, [south, north], by=world["p1"], expected_revision=0,
                                 edit="proposal")
    new_north, new_south = f"{COMMUNITY}005", f"{COMMUNITY}006"      # ties west → east go north first
    assert result.grids == [new_south, new_north] and result.removed == sorted(GRID.values())
    assert result.buildings_recoded == 16
    grid_changes = {(c["old_code"], c["new_code"]) for c in result.code_changes if c["level"] == "grid"}
    assert grid_changes == {(GRID[1], new_north), (GRID[3], new_north), (GRID[2], new_south), (GRID[4], new_south)}
    assert not errors(conn, generations.draft_generation(conn))
