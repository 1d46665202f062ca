"""Two planners on two connections: the second save on a stale revision gets DraftConflict."""
import pytest
from shapely.geometry import LineString

from gis import db
from grids.errors import DraftConflict
from grids.planning import drafts, edits
from tests.conftest import TABLES, wipe
from tests.planning import GRID, load_planning_world, point

PLANNING_TABLES = f"{TABLES}, account, notification"


@pytest.fixture
def two_planners(database_url):
    """The planning world, committed, and two connections (one per planner)."""
    wipe(database_url, PLANNING_TABLES)
    setup = db.open_connection(database_url)
    accounts = load_planning_world(setup)
    setup.commit()
    setup.close()
    first, second = db.open_connection(database_url), db.open_connection(database_url)
    yield accounts, first, second
    for conn in (first, second):
        conn.rollback()
        conn.close()
    wipe(database_url, PLANNING_TABLES)


def test_the_second_save_on_the_same_revision_is_refused(two_planners):
    accounts, first, second = two_planners
    seen = drafts.draft_status(second)["revision"]           # both planners load revision 0
    cut = LineString([point(0.5, 0.9), point(0.5, 2.1)])
    edits.split_grid(first, GRID[1], cut, by=accounts["p1"], expected_revision=seen)
    first.commit()
    with pytest.raises(DraftConflict) as raised:
        edits.merge_grids(second, [GRID[3], GRID[4]], by=accounts["p2"], expected_revision=seen)
    assert raised.value.context["current"] == 1 and raised.value.context["saved_by"] == "p1"
    second.rollback()
    assert drafts.draft_status(second)["revision"] == 1       # the first planner's edit stands, alone
    again = edits.merge_grids(second, [GRID[3], GRID[4]], by=accounts["p2"], expected_revision=1)
    assert again.revision == 2


def test_a_save_while_another_is_being_written_is_refused_at_once(two_planners):
    accounts, first, second = two_planners
    cut = LineString([point(0.5, 0.9), point(0.5, 2.1)])
    edits.split_grid(first, GRID[1], cut, by=accounts["p1"], expected_revision=0)
    first.commit()
    edits.merge_grids(first, [GRID[3], GRID[4]], by=accounts["p1"], expected_revision=1)  # not committed
    with pytest.raises(DraftConflict, match="being saved by another session"):
        edits.merge_grids(second, [GRID[2], GRID[4]], by=accounts["p2"], expected_revision=1)
