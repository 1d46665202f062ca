"""Undo and redo of planners' edits, and the planning log (``tests.planning`` world)."""
import pytest
from shapely.geometry import LineString

from grids.cells import code_changes, generations
from grids.errors import DraftConflict, DraftError
from grids.planning import drafts, edits, history
from tests.planning import COMMUNITY, GRID, building, grids_of, load_planning_world, parents, point


@pytest.fixture
def world(conn):
    return load_planning_world(conn)


def split_grid_1(conn, world, revision=0, by="p1"):
    cut = LineString([point(0.5, 0.9), point(0.5, 2.1)])
    return edits.split_grid(conn, GRID[1], cut, by=world[by], expected_revision=revision)


def test_undo_puts_the_draft_back_and_redo_makes_the_edit_again(conn, world):
    split = split_grid_1(conn, world)
    draft = split.generation
    after_split = (grids_of(conn, draft).keys(), parents(conn, draft), code_changes.code_changes(conn, draft))

    undone = history.undo(conn, by=world["p2"], expected_revision=1)
    assert undone["revision"] == 2 and undone["undone"]["edit"] == "split"
    assert set(grids_of(conn, draft)) == set(GRID.values())
    assert parents(conn, draft) == parents(conn, 1)
    assert code_changes.code_changes(conn, draft) == []
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM cell WHERE generation_low = %s", (draft,))
        assert cur.fetchone()[0] == 0                        # nothing of the split is left in the draft
        cur.execute("SELECT count(*) FROM standard_address WHERE cell_code LIKE %s", (f"{COMMUNITY}005%",))
        assert cur.fetchone()[0] == 0                        # nor the addresses of its codes

    redone = history.redo(conn, by=world["p1"], expected_revision=2)
    assert redone["revision"] == 3
    assert (grids_of(conn, draft).keys(), parents(conn, draft), code_changes.code_changes(conn, draft)) == after_split
    status = drafts.draft_status(conn)
    assert status["can_undo"] and not status["can_redo"] and status["saved_by"] == "p1"


def test_a_new_edit_clears_redo(conn, world):
    split_grid_1(conn, world)
    history.undo(conn, by=world["p1"], expected_revision=1)
    assert drafts.draft_status(conn)["can_redo"]
    edits.merge_grids(conn, [GRID[3], GRID[4]], by=world["p1"], expected_revision=2)
    assert not drafts.draft_status(conn)["can_redo"]
    with pytest.raises(DraftError, match="nothing to redo"):
        history.redo(conn, by=world["p1"], expected_revision=3)


def test_undo_goes_back_edit_by_edit_across_communities_of_the_stack(conn, world):
    split_grid_1(conn, world)
    edits.move_buildings(conn, [building(4, 1)], GRID[2], by=world["p1"], expected_revision=1)
    draft = generations.draft_generation(conn)
    history.undo(conn, by=world["p1"], expected_revision=2)
    assert f"{COMMUNITY}005" in grids_of(conn, draft) and building(4, 1) in parents(conn, draft)
    history.undo(conn, by=world["p1"], expected_revision=3)
    assert set(grids_of(conn, draft)) == set(GRID.values())
    with pytest.raises(DraftError, match="nothing to undo"):
        history.undo(conn, by=world["p1"], expected_revision=4)


def test_a_stale_revision_is_a_conflict_that_names_who_saved_last(conn, world):
    split_grid_1(conn, world)
    with pytest.raises(DraftConflict) as raised:
        edits.merge_grids(conn, [GRID[3], GRID[4]], by=world["p2"], expected_revision=0)
    error = raised.value
    assert error.code == "draft_conflict" and error.http_status == 409
    assert error.context == {"generation": 2, "expected": 0, "current": 1, "saved_by": "p1"}
    assert "revision 1 (last saved by p1), not revision 0" in error.message
    with pytest.raises(DraftConflict):
        history.undo(conn, by=world["p2"], expected_revision=5)


def test_every_step_is_in_the_planning_log(conn, world):
    split_grid_1(conn, world)
    history.undo(conn, by=world["p2"], expected_revision=1)
    history.redo(conn, by=world["p2"], expected_revision=2)
    log = drafts.planning_log(conn, generation=2)
    assert [(e["action"], e["by_username"], e["revision"]) for e in log] == [
        ("redo", "p2", 3), ("undo", "p2", 2), ("edit", "p1", 1)]
    assert log[-1]["details"]["edit"] == "split" and log[-1]["details"]["removed"] == [GRID[1]]
    assert [e["edit"] for e in history.edits(conn, 2)] == ["split"]
