"""Four eyes (四眼原则): no boundary change is approved by anyone who made it."""
import pytest
from shapely.geometry import LineString

from grids.errors import DraftError
from grids.planning import edits, history, publishing
from tests.planning import GRID, load_planning_world, point


@pytest.fixture
def world(conn):
    return load_planning_world(conn)


def test_an_author_of_the_edits_cannot_approve_when_someone_else_submitted(conn, world):
    """p1 made every edit, p2 clicked submit: p1 may still not approve (any author, not only the
    submitter); an administrator who made none may."""
    edits.split_grid(conn, GRID[1], LineString([point(0.6, 0.9), point(0.6, 2.1)]), by=world["p1"],
                     expected_revision=0)
    publishing.submit(conn, by=world["p2"], expected_revision=1)
    with pytest.raises(DraftError, match="p1 made edits of draft generation 2"):
        publishing.approve(conn, by=world["p1"], expected_revision=1)
    assert publishing.approve(conn, by=world["a1"], expected_revision=1)["approved_by"] == "a1"


def test_an_undone_edit_makes_nobody_an_author(conn, world):
    """What was undone is not in the draft: its author may approve what others made."""
    edits.split_grid(conn, GRID[1], LineString([point(0.6, 0.9), point(0.6, 2.1)]), by=world["p1"],
                     expected_revision=0)
    history.undo(conn, by=world["p1"], expected_revision=1)
    edits.split_grid(conn, GRID[1], LineString([point(0.4, 0.9), point(0.4, 2.1)]), by=world["p2"],
                     expected_revision=2)
    publishing.submit(conn, by=world["a1"], expected_revision=3)
    assert publishing.approve(conn, by=world["p1"], expected_revision=3)["approved_by"] == "p1"


def test_a_disabled_account_cannot_act_on_the_draft(conn, world):
    """Disabling ends an account's sessions; the command line's ``plan … --as`` has none, so the draft
    refuses a disabled account itself."""
    from grids.people import accounts

    accounts.disable_account(conn, "p1")
    with pytest.raises(DraftError, match="p1 is disabled"):
        edits.split_grid(conn, GRID[1], LineString([point(0.6, 0.9), point(0.6, 2.1)]), by=world["p1"],
                         expected_revision=0)
