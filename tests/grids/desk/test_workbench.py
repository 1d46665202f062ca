"""The workbench's moves over the case loop: direct answers, returns and 循环交办, co-handling, 吹哨报到
and its lateness, joint reviews, call-backs reopening by rule, supervision by rule, and who may do what."""
import datetime as dt

import pytest

from grids.cases import loop
from grids.cases.loop import act, case_history
from grids.clock import SHANGHAI
from grids.desk import actions, followup, queue, supervision
from grids.errors import CaseError, ImportRefused, OutOfScope
from grids.people import responsibility
from tests.cases import T0, add_incident, hours
from tests.desk_world import desk_accounts, load_desk_world


@pytest.fixture
def people(conn):
    return load_desk_world(conn)


@pytest.fixture
def staff(people):
    return desk_accounts(people)


def _row(conn, staff, who, case_id, now):
    account, scope = staff[who]
    return queue.seen_case(conn, case_id, account, scope, now)


def _take(conn, staff, who, case_id, action, now, **request):
    account, _ = staff[who]
    return actions.take(conn, _row(conn, staff, who, case_id, now), action, account, now=now, **request)


def _escalated_to_community(conn, ref="esc"):
    """A case dispatched to grid 1's member and escalated to the community (C1 handles it)."""
    case_id = add_incident(conn, ref, category="T101")
    act(conn, case_id, "accept", "D1", now=T0)
    act(conn, case_id, "dispatch", "D1", now=T0 + hours(0.1))
    act(conn, case_id, "escalate", "M1", now=T0 + hours(0.2), note="需要社区协调")
    return case_id


def test_a_direct_answer_closes_at_acceptance_and_needs_the_answer(conn, staff):
    case_id = add_incident(conn, "direct")
    with pytest.raises(CaseError, match="needs a note: the answer given"):
        _take(conn, staff, "command", case_id, "answer", T0)
    after = _take(conn, staff, "command", case_id, "answer", T0, note="已告知办理流程")
    assert (after["status"], after["direct_answer"], after["closed_at"], after["responded_at"]) == (
        "closed", True, T0, T0)
    assert case_history(conn, case_id)[-1]["action"] == "answer"


def test_a_returned_case_goes_back_to_the_dispatcher_and_is_flagged_after_too_many_bounces(conn, staff, people):
    case_id = add_incident(conn, "bounce")
    act(conn, case_id, "accept", "D1", now=T0)
    t = T0
    for bounce in range(1, queue.BOUNCE_LIMIT + 2):
        t += hours(1)
        act(conn, case_id, "dispatch", "D1", now=t, level="department", to="K1")
        t += hours(1)
        with pytest.raises(CaseError, match="needs a note: why it is sent back"):
            _take(conn, staff, "department", case_id, "return", t)
        after = _take(conn, staff, "department", case_id, "return", t, note="不属于本部门职责")
        assert (after["status"], after["handler_person_id"], after["deadline"], after["return_count"]) == (
            "accepted", None, None, bounce)
        row = _row(conn, staff, "command", case_id, t)
        assert row["returned"] and row["bounced"] == (bounce > queue.BOUNCE_LIMIT)
    returned = queue.cases(conn, *staff["command"], tab="returned", now=t)
    assert [c["id"] for c in returned["cases"]] == [case_id]
    assert queue.cases(conn, *staff["command"], tab="accepted", now=t)["total"] == 0
    bounced = queue.cases(conn, *staff["command"], tab="returned", filters=queue.Filters(bounced=True), now=t)
    assert bounced["total"] == 1
    # the department no longer sees the case it gave back
    with pytest.raises(OutOfScope):
        _row(conn, staff, "department", case_id, t)
    act(conn, case_id, "dispatch", "D1", now=t + hours(1))
    assert not _row(conn, staff, "command", case_id, t + hours(1))["returned"]


def test_a_community_dispatches_to_a_lead_and_a_co_handler_and_closes_when_the_lead_reports(conn, staff, people):
    case_id = _escalated_to_community(conn)
    t = T0 + hours(1)
    community = _row(conn, staff, "community", case_id, t)
    assert community["handler_level"] == "community" and "dispatch" in community["actions"]
    after = _take(conn, staff, "community", case_id, "dispatch", t, level="department", to="K1", co=("K2",))
    assert (after["handler_person_id"], after["co_handler_ids"], after["handler_level"]) == (
        people["K1"], [people["K2"]], "department")
    # the co-handler sees the case and may note its part, not report it
    co_row = _row(conn, staff, "department2", case_id, t)
    assert co_row["actions"] == ["note"]
    with pytest.raises(actions.ActionRefused) as refused:
        _take(conn, staff, "department2", case_id, "report", t)
    assert refused.value.context["allowed"] == ["note"]
    _take(conn, staff, "department2", case_id, "note", t + hours(0.5), note="已配合现场检查")
    _take(conn, staff, "department", case_id, "report", t + hours(1), note="已处理")
    closed = _take(conn, staff, "community", case_id, "verify", t + hours(2), note="现场核实")
    assert closed["status"] == "closed"


def test_co_handlers_are_other_departments_of_a_department_dispatch(conn, staff):
    case_id = add_incident(conn, "co")
    act(conn, case_id, "accept", "D1", now=T0)
    with pytest.raises(CaseError, match="join a dispatch to a department"):
        act(conn, case_id, "dispatch", "D1", now=T0 + hours(1), co=("K2",))
    with pytest.raises(CaseError, match="other departments than the lead"):
        act(conn, case_id, "dispatch", "D1", now=T0 + hours(1), level="department", to="K1", co=("K1",))
    with pytest.raises(CaseError, match="is not a department"):
        act(conn, case_id, "dispatch", "D1", now=T0 + hours(1), level="department", to="K1", co=("C1",))
    assert loop.get_case(conn, case_id)["status"] == "accepted"


def test_dispatch_to_the_department_follows_the_responsibility_list(conn, people):
    case_id = add_incident(conn, "list", category="T101")
    act(conn, case_id, "accept", "D1", now=T0)
    # without a line, the people file's categories decide: K1 handles T1 and so T101
    with pytest.raises(ImportRefused) as refused:
        responsibility.save_lines(conn, [{"category": "T101", "department": "K2"},
                                         {"category": "NOPE", "department": "K2"},
                                         {"category": "T1", "department": "城管部门X"},
                                         {"category": "T101", "department": "K1"}])
    assert refused.value.problems == ["row 2: category: no category 'NOPE'",
                                      "row 3: department: no department '城管部门X' (by code, id or name)",
                                      "row 4: category: T101 is listed already in row 1"]
    assert responsibility.responsibility_list(conn) == []
    responsibility.save_lines(conn, [{"category": "T1", "department": "市场监管", "matter": "测试职责"}])
    after = act(conn, case_id, "dispatch", "D1", now=T0 + hours(1), level="department")
    assert after["handler_person_id"] == people["K2"]     # the list (on the parent) beats the people file


def test_a_whistle_calls_departments_and_counts_who_reported_in_late(conn, staff, people):
    case_id = _escalated_to_community(conn, "whistle")
    t = T0 + hours(1)
    with pytest.raises(CaseError, match="names the departments"):
        _take(conn, staff, "community", case_id, "whistle", t)
    _take(conn, staff, "community", case_id, "whistle", t, departments=("K1", "K2"), hours=2)
    # called departments see the case and may report in; K1 in time, K2 after the 2 hours
    assert _row(conn, staff, "department", case_id, t)["actions"] == ["note", "report_in"]
    _take(conn, staff, "department", case_id, "report_in", t + hours(1.5), note="已到场")
    _take(conn, staff, "department2", case_id, "report_in", t + hours(3), note="已到场")
    with pytest.raises(OutOfScope):          # answered: K2 has no more business with the case
        _row(conn, staff, "department2", case_id, t + hours(3))
    late = queue.whistles(conn, case_id, t + hours(3))
    assert [(w["department_code"], w["late"]) for w in late] == [("K1", False), ("K2", True)]
    counted = supervision.whistle_lateness(conn, staff["command"][1], T0, T0 + hours(24), now=t + hours(3))
    assert [(d["code"], d["calls"], d["answered_late"], d["overdue_unanswered"]) for d in counted] == [
        ("K1", 1, 0, 0), ("K2", 1, 1, 0)]
    # a call nobody answers is counted once it is past due
    _take(conn, staff, "community", case_id, "whistle", t + hours(4), departments=("K2",), hours=1)
    counted = supervision.whistle_lateness(conn, staff["command"][1], T0, T0 + hours(24), now=t + hours(6))
    assert [(d["code"], d["calls"], d["overdue_unanswered"]) for d in counted] == [("K1", 1, 0), ("K2", 2, 1)]
    with pytest.raises(OutOfScope):          # no open call for K1 any more: not its case
        _take(conn, staff, "department", case_id, "note", t + hours(6), note="x")


def test_a_joint_review_records_its_meeting(conn, staff):
    case_id = _escalated_to_community(conn, "review")
    t = T0 + hours(1)
    with pytest.raises(CaseError, match="records the meeting's date"):
        _take(conn, staff, "community", case_id, "joint_review", t, note="决定", departments=("K1",))
    _take(conn, staff, "community", case_id, "joint_review", t, note="由城管牵头，市场监管配合",
          departments=("K1", "K2"), meeting={"at": "2025-03-04T14:00", "attendees": ["社区丁", "王科长"]})
    event = case_history(conn, case_id)[-1]
    assert event["action"] == "joint_review" and event["note"] == "由城管牵头，市场监管配合"
    assert (event["details"]["meeting_at"], event["details"]["attendees"], event["details"]["decision"]) == (
        "2025-03-04T14:00", ["社区丁", "王科长"], "由城管牵头，市场监管配合")


def test_a_dissatisfied_call_back_reopens_the_case_by_rule(conn, staff):
    case_id = add_incident(conn, "callback")
    for step, action in enumerate(("accept", "dispatch", "report", "verify")):
        act(conn, case_id, action, "D1" if action != "report" else "M1", now=T0 + hours(step))
    t = T0 + hours(10)
    calls = followup.calls_to_make(conn, *staff["community"])
    assert [(c["id"], c["reporter_phone"]) for c in calls["calls"]] == [(case_id, "13912345678")]
    # only callers see the phone whole; a department (no area) has no calls, and a masked list for others
    assert followup._call({**calls["calls"][0], "reported_at": None, "closed_at": None}, False)["reporter_phone"] \
        == "139****5678"
    account, scope = staff["community"]
    row = queue.seen_case(conn, case_id, account, scope, t)
    after = followup.record_rating(conn, row, account, "dissatisfied", words="问题没有解决", now=t)
    assert (after["status"], after["reopened"], after["rating"]) == ("rework", True, "dissatisfied")
    history = case_history(conn, case_id)
    assert [(e["action"], e["by_code"], e["note"]) for e in history[-2:]] == [
        ("rate", "C1", "问题没有解决"), ("reopen", None, followup.REOPEN_NOTE)]
    satisfied = add_incident(conn, "callback2")
    for step, action in enumerate(("accept", "dispatch", "report", "verify")):
        act(conn, satisfied, action, "D1" if action != "report" else "M1", now=T0 + hours(step))
    row = queue.seen_case(conn, satisfied, account, scope, t)
    kept = followup.record_rating(conn, row, account, "satisfied", now=t)
    assert (kept["status"], kept["reopened"]) == ("followed_up", False)


def test_supervision_rules_name_long_overdue_reopened_and_repeated_cases(conn, staff):
    scope = staff["command"][1]
    late = add_incident(conn, "late", category="T101")        # 24 h limit
    act(conn, late, "accept", "D1", now=T0)
    act(conn, late, "dispatch", "D1", now=T0)
    assert supervision.due_for_supervision(conn, scope, now=T0 + hours(48)) == []       # exactly 2×: not yet
    due = supervision.due_for_supervision(conn, scope, now=T0 + hours(48.1))
    assert [(d["id"], d["rules"]) for d in due] == [(late, ["long_overdue"])]
    act(conn, late, "supervise", "D1", now=T0 + hours(49))
    assert supervision.due_for_supervision(conn, scope, now=T0 + hours(50)) == []       # supervised: off the list

    reopened = add_incident(conn, "reopened", grid=2)
    act(conn, reopened, "accept", "D1", now=T0)
    act(conn, reopened, "dispatch", "D1", now=T0)
    t = T0
    for _ in range(2):
        for action, kwargs in (("report", {}), ("verify", {}), ("rate", {"rating": "dissatisfied"}), ("reopen", {})):
            t += hours(0.1)
            act(conn, reopened, action, "D1", now=t, **kwargs)
    root = add_incident(conn, "root", grid=3)
    act(conn, root, "accept", "D1", now=t)
    repeats = [add_incident(conn, f"rep{n}", grid=3, at=t + hours(n)) for n in (1, 2, 3)]
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET repeat_of = %s WHERE id = ANY(%s)", (root, repeats[:2]))
    found = {d["id"]: d["rules"] for d in supervision.due_for_supervision(conn, scope, now=t + hours(5))}
    assert found == {reopened: ["reopened"]}                                           # 2 repeats: not yet
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET repeat_of = %s WHERE id = %s", (root, repeats[2]))
    found = {d["id"]: d["rules"] for d in supervision.due_for_supervision(conn, scope, now=t + hours(5))}
    assert found == {reopened: ["reopened"], root: ["repeated"]}
    # 31 days on, the repeats are old news
    found = {d["id"]: d["rules"] for d in supervision.due_for_supervision(conn, scope, now=t + hours(24 * 31 + 5))}
    assert root not in found


def test_each_role_sees_its_own_cases_and_takes_its_own_actions(conn, staff, people):
    case_id = add_incident(conn, "roles", grid=1)
    accepted = {who: _row(conn, staff, who, case_id, T0)["actions"] for who in ("command", "street", "community")}
    assert accepted["command"] == accepted["street"] == accepted["community"] == [
        "accept", "reject", "void", "note", "answer", "joint_review"]
    for who in ("department", "department2"):
        with pytest.raises(OutOfScope):
            _row(conn, staff, who, case_id, T0)
    act(conn, case_id, "accept", "D1", now=T0)
    act(conn, case_id, "dispatch", "D1", now=T0)
    with pytest.raises(actions.ActionRefused, match="a street_staff does not supervise"):
        _take(conn, staff, "street", case_id, "supervise", T0 + hours(1))
    assert "supervise" in _row(conn, staff, "command", case_id, T0 + hours(1))["actions"]
    # the grid member handles it: staff of the area may not start or report it for her
    assert "report" not in _row(conn, staff, "community", case_id, T0 + hours(1))["actions"]
    assert tuple(queue.tab_counts(conn, staff["community"][1], people["C1"], T0 + hours(1)).values()) == (
        0, 0, 1, 0, 0, 0, 0, 0)


def test_two_desks_acting_at_once_one_wins_and_the_other_is_told_the_new_state(conn, staff):
    case_id = add_incident(conn, "race")
    account, scope = staff["command"]
    seen_by_both = queue.seen_case(conn, case_id, account, scope, T0)
    actions.take(conn, seen_by_both, "accept", account, now=T0, expected_version=seen_by_both["version"])
    with pytest.raises(actions.DeskConflict) as late:
        actions.take(conn, seen_by_both, "reject", staff["street"][0], now=T0 + hours(0.1),
                     expected_version=seen_by_both["version"])
    assert late.value.context["state"] == "accepted"
    assert "dispatch" in late.value.context["allowed"] and "accept" not in late.value.context["allowed"]
    assert "accepted" in str(late.value) and late.value.http_status == 409


def test_an_account_without_a_person_reads_but_does_not_act(conn, staff):
    case_id = add_incident(conn, "admin")
    account, scope = staff["admin"]
    row = queue.seen_case(conn, case_id, account, scope, T0)
    assert row["actions"] == []
    with pytest.raises(actions.ActionRefused, match="not linked to a person"):
        actions.take(conn, row, "accept", account, now=T0)
    assert loop.get_case(conn, case_id)["case_version"] == 0


def test_the_call_back_tab_is_paged_by_the_store_newest_closing_first(conn, staff):
    closed = []
    for n in range(3):
        case_id = add_incident(conn, f"paged{n}")
        for step, action in enumerate(("accept", "dispatch", "report", "verify")):
            act(conn, case_id, action, "D1" if action != "report" else "M1", now=T0 + hours(10 * n + step))
        closed.append(case_id)
    first = queue.cases(conn, *staff["community"], tab="followup", now=T0 + hours(40))
    assert (first["total"], [c["id"] for c in first["cases"]]) == (3, closed[::-1])
    beyond = queue.cases(conn, *staff["community"], tab="followup", now=T0 + hours(40), page=2)
    assert (beyond["total"], beyond["cases"]) == (3, [])


def test_a_working_day_case_is_not_long_overdue_over_the_spring_festival(conn, staff):
    start = dt.datetime(2026, 2, 13, 20, 0, tzinfo=SHANGHAI)        # Friday evening before the festival
    case_id = add_incident(conn, "festival", at=start - hours(1))
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET own_limit_workdays = 1 WHERE id = %s", (case_id,))
    act(conn, case_id, "accept", "D1", now=start - hours(0.5))
    act(conn, case_id, "dispatch", "D1", now=start)
    later = dt.datetime(2026, 2, 22, 12, 0, tzinfo=SHANGHAI)         # 8.7 days on the wall, 28 working hours
    assert supervision.due_for_supervision(conn, staff["command"][1], now=later) == []
    after = dt.datetime(2026, 2, 25, 12, 0, tzinfo=SHANGHAI)         # 28 + 24 + 12 = 64 > 2 × 24 working hours
    assert [d["rules"] for d in supervision.due_for_supervision(conn, staff["command"][1], now=after)] == [
        ["long_overdue"]]
