"""The backlog register: overdue or named matters, consultations, closing-off, clearing, major issues."""
import psycopg2
import pytest

from grids.petitions import backlog
from grids.petitions.work_checks import PetitionWorkError
from tests.cases import T0
from tests.grids.petition_work.conftest import count, days, petition

NOW = T0 + days(120)


def _register(conn, case_id, **fields):
    return backlog.register(conn, case_id, **{"why": "overdue", "leader_name": "王区长", "leader_post": "副区长",
                                              "task_force": [{"name": "李科长", "unit": "住建局"}, "赵主任"],
                                              "by": "D1", "now": NOW, **fields})


def test_an_overdue_matter_is_consulted_on_and_closed_off(conn, world):
    case_id = petition(conn, "P1")
    assert [c["incident_id"] for c in backlog.overdue_candidates(conn, now=NOW)] == [case_id]
    entry = _register(conn, case_id)
    assert (entry["status"], entry["why"], entry["leader_post"]) == ("open", "overdue", "副区长")
    assert entry["task_force"] == [{"name": "李科长", "unit": "住建局"}, {"name": "赵主任", "unit": None}]
    assert backlog.overdue_candidates(conn, now=NOW) == []
    backlog.consult(conn, entry["id"], held_on=NOW.date(), attendees=["王区长", "李科长"], decisions="住建局两周内出方案",
                    by="D1", now=NOW)
    closed = backlog.close_off(conn, entry["id"], evidence="信访人签字息诉罢访承诺书", by="D1", now=NOW + days(7))
    assert (closed["status"], closed["closed_off_on"]) == ("closed_off", (NOW + days(7)).date())
    assert closed["consultations"][0]["decisions"] == "住建局两周内出方案"
    assert [e["action"] for e in closed["history"]] == ["register", "consult", "close_off"]
    assert {e["by_code"] for e in closed["history"]} == {"D1"}


def test_closing_off_without_a_consultation_is_refused_and_writes_nothing(conn, world):
    entry = _register(conn, petition(conn, "P1"), now=NOW - days(10))
    events = count(conn, "petition_work_event")
    with pytest.raises(PetitionWorkError, match="周会商") as refused:
        backlog.close_off(conn, entry["id"], evidence="已化解", by="D1", now=NOW)
    assert refused.value.context["field"] == "consultations"
    backlog.consult(conn, entry["id"], held_on=NOW.date(), attendees="王区长", decisions="继续化解", by="D1", now=NOW)
    with pytest.raises(PetitionWorkError) as before_it:       # a consultation after the closing day does not count
        backlog.close_off(conn, entry["id"], evidence="已化解", on=(NOW - days(1)).date(), by="D1", now=NOW)
    assert before_it.value.context["field"] == "consultations"
    with pytest.raises(PetitionWorkError, match="registered on") as too_early:
        backlog.close_off(conn, entry["id"], evidence="已化解", on=(NOW - days(11)).date(), by="D1", now=NOW)
    assert too_early.value.context["field"] == "on"
    assert backlog.get_backlog(conn, entry["id"])["status"] == "open"
    assert count(conn, "petition_work_event") == events + 1     # the consultation only


def test_a_matter_not_open_long_enough_must_be_named(conn, world):
    recent = petition(conn, "P1", at=NOW - days(89))
    with pytest.raises(PetitionWorkError, match="90 days") as refused:
        _register(conn, recent)
    assert refused.value.context["field"] == "why"
    with pytest.raises(PetitionWorkError) as no_reason:
        _register(conn, recent, why="named")
    assert no_reason.value.context["field"] == "reason"
    assert count(conn, "backlog_matter") == 0
    named = _register(conn, recent, why="named", reason="集体访，涉及人数多")
    assert named["named_reason"] == "集体访，涉及人数多"
    with pytest.raises(PetitionWorkError, match="already") as twice:
        _register(conn, recent, why="named", reason="again")
    assert twice.value.context["field"] == "case"


@pytest.mark.parametrize("fields, field", [
    ({"why": "forgotten"}, "why"), ({"leader_post": ""}, "leader_post"), ({"leader_name": None}, "leader_name"),
    ({"by": "NOBODY"}, "by"), ({"task_force": [{"name": "x", "rank": 1}]}, "task_force"),
    ({"leader": "NOBODY"}, "leader")])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(conn, world, fields, field):
    case_id = petition(conn, "P1")
    with pytest.raises(PetitionWorkError) as refused:
        _register(conn, case_id, **fields)
    assert refused.value.context["field"] == field
    assert (count(conn, "backlog_matter"), count(conn, "petition_work_event")) == (0, 0)


def test_only_petition_matters_go_on_the_register(conn, world):
    from tests.cases import add_incident
    hotline = add_incident(conn, "H1", at=T0)
    with pytest.raises(PetitionWorkError, match="no petition matter"):
        _register(conn, hotline)
    with pytest.raises(PetitionWorkError) as missing:
        _register(conn, 999999)
    assert missing.value.context["field"] == "case"


def test_clearing_per_street_and_district(conn, world):
    # district 370212: street A (two matters, one closed off), street B (one, closed off);
    # district 370213: street C (one, open)
    a1, a2 = petition(conn, "A1", street="370212001"), petition(conn, "A2", street="370212001")
    b1 = petition(conn, "B1", street="370212002")
    c1 = petition(conn, "C1", street="370213001")
    entries = {case: _register(conn, case)["id"] for case in (a1, a2, b1, c1)}
    for case in (a1, b1):
        backlog.consult(conn, entries[case], held_on=NOW.date(), attendees=["王区长"], decisions="化解", by="D1", now=NOW)
        backlog.close_off(conn, entries[case], evidence="息诉", by="D1", now=NOW)
    streets = {r["area_code"]: (r["matters"], r["open"], r["cleared"]) for r in backlog.clearing(conn, on=NOW.date())}
    assert streets == {"370212001": (2, 1, False), "370212002": (1, 0, True), "370213001": (1, 1, False)}
    districts = {r["area_code"]: r["cleared"] for r in backlog.clearing(conn, level="district", on=NOW.date())}
    assert districts == {"370212": False, "370213": False}
    backlog.consult(conn, entries[a2], held_on=NOW.date(), attendees=["王区长"], decisions="化解", by="D1", now=NOW)
    backlog.close_off(conn, entries[a2], evidence="息诉", by="D1", now=NOW + days(1))
    districts = {r["area_code"]: r["cleared"] for r in backlog.clearing(conn, level="district", on=(NOW + days(1)).date())}
    assert districts == {"370212": True, "370213": False}
    assert [e["incident_id"] for e in backlog.list_backlog(conn, within="370213")] == [c1]
    assert [e["incident_id"] for e in backlog.list_backlog(conn, status="open")] == [c1]
    # the day before, street A still had its open matter
    assert {r["area_code"]: r["cleared"] for r in backlog.clearing(conn, on=NOW.date())}["370212001"] is False


def test_a_major_issue_is_closed_off_only_when_its_backlog_matters_are(conn, world):
    case_id = petition(conn, "P1")
    entry = _register(conn, case_id)
    issue = backlog.list_issue(conn, title="某小区办证难", leader_name="王区长", leader_post="副区长", cases=[case_id],
                               by="D1", now=NOW)
    with pytest.raises(PetitionWorkError, match=str(case_id)) as refused:
        backlog.close_off_issue(conn, issue, evidence="已办证", by="D1", now=NOW)
    assert refused.value.context["field"] == "cases"
    backlog.consult(conn, entry["id"], held_on=NOW.date(), attendees=["王区长"], decisions="办证", by="D1", now=NOW)
    backlog.close_off(conn, entry["id"], evidence="已办证", by="D1", now=NOW)
    backlog.close_off_issue(conn, issue, evidence="全部业主已办证", by="D1", now=NOW)
    listed = backlog.major_issues(conn)
    assert [(i["status"], i["cases"]) for i in listed] == [("closed_off", [case_id])]


def test_the_history_and_consultations_are_append_only_for_the_app(conn, world):
    entry = _register(conn, petition(conn, "P1"))
    backlog.consult(conn, entry["id"], held_on=NOW.date(), attendees=["王区长"], decisions="化解", by="D1", now=NOW)
    for statement in ("UPDATE petition_work_event SET note = 'rewritten'", "DELETE FROM backlog_consultation",
                      "UPDATE backlog_consultation SET decisions = 'x'", "DELETE FROM backlog_matter"):
        with conn.cursor() as cur:
            cur.execute("SAVEPOINT as_app; SET LOCAL ROLE gridgov_app")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute(statement)
            cur.execute("ROLLBACK TO SAVEPOINT as_app; RESET ROLE")
    with conn.cursor() as cur:           # the owner is stopped by the trigger
        cur.execute("SAVEPOINT as_owner")
        with pytest.raises(psycopg2.errors.RaiseException, match="append-only"):
            cur.execute("DELETE FROM petition_work_event")
        cur.execute("ROLLBACK TO SAVEPOINT as_owner")
