"""The case clock cannot be pushed into the future, and no case is ever frozen by a time in it."""
import pytest

from gis import db
from grids.cases import loop
from grids.cases.tick import tick
from grids.errors import CaseError
from tests.cases import T0, add_incident, load_world
from tests.command_line import gridgov, stored


@pytest.fixture
def case_in_store(committed_db):
    with db.connect(role=db.OWNER) as conn:
        load_world(conn)
        case = add_incident(conn, "CLOCK-1")
        loop.act(conn, case, "accept", now=T0)
    return committed_db, case


def test_the_command_line_refuses_an_action_dated_in_the_future(case_in_store):
    """``cases act … --now 2099-01-01`` is refused, naming the time, and the case is unchanged."""
    url, case = case_in_store
    before = stored(url, "SELECT case_version, case_changed_at FROM incident WHERE id = %s", (case,))
    refused = gridgov("cases", "act", case, "note", "--by", "C1", "--note", "x", "--now", "2099-01-01")
    assert refused.exit_code != 0
    assert "2099-01-01" in refused.output and "future" in refused.output
    assert "Traceback" not in refused.output
    assert stored(url, "SELECT case_version, case_changed_at FROM incident WHERE id = %s", (case,)) == before
    assert gridgov("cases", "act", case, "note", "--by", "C1", "--note", "later").exit_code == 0


def test_a_tick_in_the_future_is_refused(conn):
    load_world(conn)
    with pytest.raises(CaseError, match="future"):
        tick(conn, "2099-01-01T00:00")


def test_a_case_already_changed_in_the_future_stays_actionable(conn):
    """A case whose last change was recorded in 2099 (before the rule) takes the next action now."""
    load_world(conn)
    case = add_incident(conn, "CLOCK-2")
    loop.act(conn, case, "accept", now=T0)
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET case_changed_at = '2099-01-01' WHERE id = %s", (case,))
    assert loop.act(conn, case, "note", note="still workable")["status"] == "accepted"
