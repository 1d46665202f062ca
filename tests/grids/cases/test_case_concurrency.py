"""Two sessions transitioning the same case: one wins, the other gets a clear conflict, nothing is lost."""
import threading

import pytest

from gis import db
from grids.cases.loop import act, case_history
from grids.errors import CaseConflict, IllegalTransition
from grids.people.roster import add_person
from tests.cases import GRID, T0, add_incident
from tests.shapes import load_two_by_two


@pytest.fixture
def committed_case(committed_db):
    """A committed case (reported) in grid 001, with grid member M1 and command staff D1."""
    conn = db.open_connection(committed_db)
    load_two_by_two(conn)
    add_person(conn, "网格员甲", "grid_member", code="M1", cells=[GRID[1]])
    add_person(conn, "指挥己", "command_staff", code="D1")
    case_id = add_incident(conn, "race", category=None)
    conn.commit()
    conn.close()
    return committed_db, case_id


def test_the_second_session_gets_a_conflict_then_sees_the_winner(committed_case):
    url, case_id = committed_case
    first, second = db.open_connection(url), db.open_connection(url)
    try:
        act(first, case_id, "accept", "D1", now=T0)                      # not committed yet: holds the case
        with pytest.raises(CaseConflict, match=f"case {case_id} is being changed by another session"):
            act(second, case_id, "accept", "D1", now=T0)
        with second.cursor() as cur:                                     # the loser's transaction is usable
            cur.execute("SELECT 1")
        first.commit()
        with pytest.raises(IllegalTransition, match=f"case {case_id} is accepted: cannot accept"):
            act(second, case_id, "accept", "D1", now=T0)
        with pytest.raises(CaseConflict, match="changed since version 0"):
            act(second, case_id, "dispatch", "D1", now=T0, expected_version=0)
        act(second, case_id, "dispatch", "D1", now=T0, expected_version=1)
        second.commit()
        assert [(e["version"], e["action"]) for e in case_history(first, case_id)] == [(1, "accept"), (2, "dispatch")]
    finally:
        first.close()
        second.close()


def test_sessions_racing_on_one_case_never_lose_a_transition(committed_case):
    url, case_id = committed_case
    sessions = 6
    start = threading.Barrier(sessions)
    outcomes = []

    def race():
        conn = db.open_connection(url)
        try:
            start.wait()
            act(conn, case_id, "accept", "D1", now=T0)
            conn.commit()
            outcomes.append("won")
        except (CaseConflict, IllegalTransition) as refused:
            conn.rollback()
            outcomes.append(refused.code)
        finally:
            conn.close()

    threads = [threading.Thread(target=race) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("won") == 1
    assert set(outcomes) - {"won"} <= {"case_conflict", "illegal_transition"}
    conn = db.open_connection(url)
    try:
        assert [(e["version"], e["action"]) for e in case_history(conn, case_id)] == [(1, "accept")]
    finally:
        conn.close()
