"""The case state machine: every legal and illegal transition, the history, the rules around actions."""
import psycopg2
import pytest

from grids.cases import loop
from grids.cases.loop import ACTIONS, act, case_history, get_case
from grids.errors import CaseConflict, CaseError, IllegalTransition, PersonError
from tests.cases import GRID, T0, add_incident, hours, load_world

# How to bring a new case into each state (every step by command staff D1).
PATHS = {
    "reported": [],
    "accepted": [("accept", {})],
    "rejected": [("reject", {})],
    "dispatched": [("accept", {}), ("dispatch", {})],
    "in_progress": [("accept", {}), ("dispatch", {}), ("start", {})],
    "handled": [("accept", {}), ("dispatch", {}), ("start", {}), ("report", {})],
    "rework": [("accept", {}), ("dispatch", {}), ("start", {}), ("report", {}), ("rework", {})],
    "closed": [("accept", {}), ("dispatch", {}), ("report", {}), ("verify", {})],
    "followed_up": [("accept", {}), ("dispatch", {}), ("report", {}), ("verify", {}),
                    ("rate", {"rating": "dissatisfied"})],
    "suspended": [("accept", {}), ("dispatch", {}), ("suspend", {})],
    "extended": [("accept", {}), ("dispatch", {}), ("extend", {"hours": 48})],
    "void": [("void", {})],
}
# The state table, written out by hand: (state, action) -> state after. Anything else is illegal.
RUNNING_ACTIONS = {"report": "handled", "suspend": "suspended", "extend": "extended", "escalate": "dispatched",
                   "void": "void"}
LEGAL = {
    ("reported", "accept"): "accepted", ("reported", "reject"): "rejected", ("reported", "void"): "void",
    ("accepted", "dispatch"): "dispatched", ("accepted", "suspend"): "suspended", ("accepted", "void"): "void",
    **{("dispatched", a): s for a, s in RUNNING_ACTIONS.items()},
    ("dispatched", "dispatch"): "dispatched", ("dispatched", "start"): "in_progress",
    ("dispatched", "urge"): "dispatched", ("dispatched", "supervise"): "dispatched",
    **{("in_progress", a): s for a, s in RUNNING_ACTIONS.items()},
    ("in_progress", "urge"): "in_progress", ("in_progress", "supervise"): "in_progress",
    **{("rework", a): s for a, s in RUNNING_ACTIONS.items()},
    ("rework", "start"): "in_progress", ("rework", "urge"): "rework", ("rework", "supervise"): "rework",
    **{("extended", a): s for a, s in RUNNING_ACTIONS.items()},
    ("extended", "urge"): "extended", ("extended", "supervise"): "extended",
    ("handled", "verify"): "closed", ("handled", "rework"): "rework", ("handled", "void"): "void",
    ("closed", "rate"): "followed_up",
    ("followed_up", "reopen"): "rework",
    ("suspended", "resume"): "dispatched", ("suspended", "supervise"): "suspended", ("suspended", "void"): "void",
    **{(s, "note"): s for s in loop.OPEN},      # a progress note: every open state, no change of state
    # the workbench's moves (issue 14)
    ("reported", "answer"): "closed",
    **{(s, "return"): "accepted" for s in ("dispatched", "in_progress", "rework", "extended")},
    **{(s, "whistle"): s for s in ("accepted", "dispatched", "in_progress", "rework", "extended")},
    **{(s, "joint_review"): s for s in loop.OPEN},
}
MEETING = {"at": "2025-03-04 14:00", "attendees": ["社区丁", "城管部门王科长"]}
ARGUMENTS = {"extend": {"hours": 200}, "rate": {"rating": "satisfied"}, "whistle": {"departments": ["K1"]},
             "joint_review": {"departments": ["K1"], "meeting": MEETING}}
ANSWERED_ONLY_AFTER_A_WHISTLE = ("report_in",)   # its own test: tests/grids/cases/test_workbench_actions.py


@pytest.fixture
def world(conn):
    return load_world(conn)


class Steps:
    """Acts in order on the case clock, one minute apart."""

    def __init__(self, conn):
        self.conn, self.now = conn, T0

    def __call__(self, case_id, action, by="D1", **kwargs):
        self.now += hours(1 / 60)
        return act(self.conn, case_id, action, by, now=self.now, **kwargs)

    def case_in(self, state, ref):
        case_id = add_incident(self.conn, ref)
        for action, kwargs in PATHS[state]:
            self(case_id, action, **kwargs)
        return case_id


def _version(conn, case_id):
    with conn.cursor() as cur:
        cur.execute("SELECT case_version, status, (SELECT count(*) FROM case_event WHERE incident_id = %s) "
                    "FROM incident WHERE id = %s", (case_id, case_id))
        return cur.fetchone()


@pytest.mark.parametrize("state", list(PATHS))
def test_every_action_in_every_state_is_taken_or_refused(conn, world, state):
    steps = Steps(conn)
    for action in (a for a in ACTIONS if a not in ANSWERED_ONLY_AFTER_A_WHISTLE):
        case_id = steps.case_in(state, f"{state}-{action}")
        before = _version(conn, case_id)
        assert before[1] == state
        if (state, action) in LEGAL:
            after = steps(case_id, action, note=f"note {action}", **ARGUMENTS.get(action, {}))
            assert after["status"] == LEGAL[state, action], action
            assert after["case_version"] == before[0] + 1
            last = case_history(conn, case_id)[-1]
            assert (last["action"], last["from_state"], last["to_state"]) == (action, state, LEGAL[state, action])
            assert (last["by_code"], last["at"], last["note"]) == ("D1", steps.now, f"note {action}")
        else:
            with pytest.raises(IllegalTransition) as refused:
                steps(case_id, action, **ARGUMENTS.get(action, {}))
            assert f"case {case_id} is {state}: cannot {action}" in str(refused.value)
            assert refused.value.context == {"case": case_id, "state": state, "action": action}
            assert _version(conn, case_id) == before


def test_the_history_is_the_whole_audit_trail_and_cannot_be_edited(conn, world):
    steps = Steps(conn)
    case_id = steps.case_in("closed", "audit")
    history = case_history(conn, case_id)
    assert [e["action"] for e in history] == ["accept", "dispatch", "report", "verify"]
    assert [e["version"] for e in history] == [1, 2, 3, 4]
    assert [(e["from_state"], e["to_state"]) for e in history] == [
        ("reported", "accepted"), ("accepted", "dispatched"), ("dispatched", "handled"), ("handled", "closed")]
    assert [e["at"] for e in history] == sorted(e["at"] for e in history)
    assert history[1]["details"]["handler_level"] == "grid"
    for statement in ("UPDATE case_event SET note = 'edited' WHERE incident_id = %s",
                      "DELETE FROM case_event WHERE incident_id = %s"):
        with conn.cursor() as cur:
            cur.execute("SAVEPOINT edit")
            with pytest.raises(psycopg2.errors.RaiseException, match="append-only"):
                cur.execute(statement, (case_id,))
            cur.execute("ROLLBACK TO SAVEPOINT edit")
    assert case_history(conn, case_id) == history


def test_dispatch_goes_to_the_grid_member_of_the_incidents_grid(conn, world):
    steps = Steps(conn)
    case_id = add_incident(conn, "g3", grid=3)
    steps(case_id, "accept")
    case = steps(case_id, "dispatch")
    assert (case["handler_person_id"], case["handler_level"], case["handler_cell_code"]) == (world["M3"], "grid", GRID[3])
    assert case["clock_started_at"] == steps.now and case["time_limit_hours"] == 24


def test_dispatch_to_a_department_by_category_and_by_name(conn, world):
    steps = Steps(conn)
    by_category = add_incident(conn, "dep", category="T102")   # K1 handles T1, T102's parent
    steps(by_category, "accept")
    case = steps(by_category, "dispatch", level="department")
    assert (case["handler_person_id"], case["handler_level"], case["handler_cell_code"]) == (world["K1"], "department", None)
    named = add_incident(conn, "named", grid=1)
    steps(named, "accept")
    case = steps(named, "dispatch", to="M2")
    assert (case["handler_person_id"], case["handler_level"]) == (world["M2"], "grid")


def test_redispatch_keeps_the_clock(conn, world):
    steps = Steps(conn)
    case_id = steps.case_in("dispatched", "re")
    first = get_case(conn, case_id)
    again = steps(case_id, "dispatch", to="M2", note="改派")
    assert again["handler_person_id"] == world["M2"]
    assert (again["clock_started_at"], again["deadline"]) == (first["clock_started_at"], first["deadline"])


def test_dispatch_to_a_grid_without_member_is_refused_with_the_reason(conn, world):
    steps = Steps(conn)
    case_id = add_incident(conn, "g4", grid=4)
    steps(case_id, "accept")
    with pytest.raises(PersonError, match=f"nobody handles cases of grid {GRID[4]}"):
        steps(case_id, "dispatch")
    assert steps(case_id, "dispatch", to="C1")["handler_level"] == "community"


def test_a_stale_version_is_a_conflict(conn, world):
    steps = Steps(conn)
    case_id = steps.case_in("accepted", "stale")
    with pytest.raises(CaseConflict, match=f"case {case_id} changed since version 0"):
        steps(case_id, "dispatch", expected_version=0)
    assert steps(case_id, "dispatch", expected_version=1)["status"] == "dispatched"


def test_the_case_clock_cannot_go_back(conn, world):
    steps = Steps(conn)
    case_id = steps.case_in("accepted", "back")
    with pytest.raises(CaseError, match="the case clock cannot go back"):
        act(conn, case_id, "dispatch", "D1", now=T0)


def test_supervision_is_ordered_by_command_staff_once(conn, world):
    steps = Steps(conn)
    case_id = steps.case_in("dispatched", "sup")
    with pytest.raises(CaseError, match="command staff, not by grid_member"):
        steps(case_id, "supervise", by="M1")
    case = steps(case_id, "supervise", by="D1")
    assert (case["supervised_at"], case["supervised_by"]) == (steps.now, world["D1"])
    with pytest.raises(CaseError, match="already under supervision"):
        steps(case_id, "supervise", by="D1")


def test_only_a_dissatisfied_rating_reopens_and_the_clock_starts_again(conn, world):
    steps = Steps(conn)
    satisfied = steps.case_in("closed", "happy")
    steps(satisfied, "rate", rating="basically_satisfied")
    with pytest.raises(IllegalTransition, match="rated basically_satisfied: only a dissatisfied"):
        steps(satisfied, "reopen")
    unhappy = steps.case_in("followed_up", "unhappy")
    case = steps(unhappy, "reopen", note="回访不满意")
    assert (case["status"], case["closed_at"], case["rating"]) == ("rework", None, "dissatisfied")
    assert (case["clock_started_at"], case["deadline"], case["clock_paused_at"]) == (steps.now, steps.now + hours(24), None)


@pytest.mark.parametrize("action, kwargs, message", [
    ("rate", {"rating": "great"}, "a rating of case"),
    ("rate", {}, "a rating of case"),
])
def test_a_rating_must_be_one_of_three(conn, world, action, kwargs, message):
    steps = Steps(conn)
    case_id = steps.case_in("closed", "rating")
    with pytest.raises(CaseError, match=message):
        steps(case_id, action, **kwargs)


def test_an_extension_must_lengthen_the_limit(conn, world):
    steps = Steps(conn)
    case_id = steps.case_in("dispatched", "ext")
    with pytest.raises(CaseError, match="above the current 24 h"):
        steps(case_id, "extend", hours=24)
    assert steps(case_id, "extend", hours=36)["time_limit_hours"] == 36


def test_resume_returns_to_the_state_before_suspension(conn, world):
    steps = Steps(conn)
    case_id = steps.case_in("in_progress", "resume")
    steps(case_id, "suspend")
    assert steps(case_id, "resume")["status"] == "in_progress"
    accepted = steps.case_in("accepted", "resume-accepted")
    steps(accepted, "suspend")
    assert steps(accepted, "resume")["status"] == "accepted"


def test_unknown_actions_and_cases_and_people_are_named(conn, world):
    steps = Steps(conn)
    case_id = steps.case_in("reported", "unknown")
    with pytest.raises(CaseError, match="unknown action 'close'"):
        steps(case_id, "close")
    with pytest.raises(CaseError, match="no case 999999"):
        steps(999999, "accept")
    with pytest.raises(PersonError, match="no person with code or id nobody"):
        steps(case_id, "accept", by="nobody")


def test_get_case_masks_the_reporter_unless_asked(conn, world):
    case_id = add_incident(conn, "mask")
    masked = get_case(conn, case_id)
    assert (masked["reporter_name"], masked["reporter_phone"]) == ("张**", "139****5678")
    full = get_case(conn, case_id, with_personal_data=True)
    assert (full["reporter_name"], full["reporter_phone"]) == ("张三丰", "13912345678")
    assert masked["allowed_actions"] == loop.allowed_actions("reported") == [
        "accept", "reject", "void", "note", "answer", "report_in", "joint_review"]
