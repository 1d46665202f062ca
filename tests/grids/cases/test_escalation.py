"""Escalation up the cell hierarchy, by decision and automatically past a multiple of the limit."""
import pytest

from grids.cases.escalation import next_level
from grids.cases.loop import act, case_history, get_case
from grids.cases.tick import tick
from grids.errors import CaseError, PersonError
from tests.cases import COMMUNITY, DISTRICT, STREET, T0, add_incident, hours, load_world


@pytest.fixture
def world(conn):
    return load_world(conn)


def dispatched(conn, ref, grid=1, **kwargs):
    case_id = add_incident(conn, ref, grid=grid)
    act(conn, case_id, "accept", "D1", now=T0)
    act(conn, case_id, "dispatch", "D1", now=T0, **kwargs)
    return case_id


@pytest.mark.parametrize("level, above", [("grid", "community"), ("community", "street"), ("street", "district"),
                                          ("district", None), ("department", "district")])
def test_the_ladder(level, above):
    assert next_level(level) == above


def test_tick_escalates_one_level_each_time_the_limit_is_used_twice_over(conn, world):
    case_id = dispatched(conn, "climb")                       # 24 h limit at grid level
    assert tick(conn, T0 + hours(48) - hours(1 / 60))["escalated"] == []
    expected = [("community", COMMUNITY, "C1"), ("street", STREET, "S1"), ("district", DISTRICT, "D1")]
    now = T0
    for level, cell, person in expected:
        now += hours(48)
        done = tick(conn, now)
        assert done["escalated"] == [(case_id, level)]
        case = get_case(conn, case_id, now=now)
        assert (case["status"], case["handler_level"], case["handler_cell_code"]) == ("dispatched", level, cell)
        assert case["handler_person_id"] == world[person]
        assert (case["clock_started_at"], case["deadline"]) == (now, now + hours(24))   # a new clock per level
        assert tick(conn, now)["escalated"] == []                                      # idempotent
    assert tick(conn, now + hours(1000))["escalated"] == []                            # the district is the top
    escalations = [e for e in case_history(conn, case_id) if e["action"] == "escalate"]
    assert [(e["details"]["handler_level"], e["by_person_id"]) for e in escalations] == [
        ("community", None), ("street", None), ("district", None)]
    assert get_case(conn, case_id)["escalation_count"] == 3


def test_the_escalation_multiple_is_configurable(conn, world):
    case_id = dispatched(conn, "multiple")
    assert tick(conn, T0 + hours(35), escalate_after=1.5)["escalated"] == []
    assert tick(conn, T0 + hours(36), escalate_after=1.5)["escalated"] == [(case_id, "community")]


def test_a_case_escalated_and_urged_in_one_tick_is_urged_on_its_new_clock_only(conn, world):
    case_id = dispatched(conn, "both")
    done = tick(conn, T0 + hours(50))
    assert (done["escalated"], done["urged"]) == ([(case_id, "community")], [])


def test_escalation_by_decision_goes_to_the_responsible_person_above(conn, world):
    case_id = dispatched(conn, "decide")
    act(conn, case_id, "start", "M1", now=T0 + hours(1))
    case = act(conn, case_id, "escalate", "M1", now=T0 + hours(2), note="涉及多个网格，网格层面无法化解")
    assert (case["status"], case["handler_level"], case["handler_person_id"]) == ("dispatched", "community", world["C1"])
    case = act(conn, case_id, "escalate", "C1", now=T0 + hours(3), to="S1")
    assert (case["handler_level"], case["handler_person_id"]) == ("street", world["S1"])


def test_a_department_case_escalates_to_the_district_and_the_district_is_the_top(conn, world):
    case_id = dispatched(conn, "dept", level="department")
    case = act(conn, case_id, "escalate", "K1", now=T0 + hours(1))
    assert (case["handler_level"], case["handler_cell_code"], case["handler_person_id"]) == (
        "district", DISTRICT, world["D1"])
    with pytest.raises(CaseError, match=f"case {case_id} is handled at district level, the top"):
        act(conn, case_id, "escalate", "D1", now=T0 + hours(2))


def test_automatic_escalation_to_a_level_with_nobody_goes_on_and_is_reported(conn, world):
    with conn.cursor() as cur:
        cur.execute("DELETE FROM person_cell WHERE person_id = %s", (world["C1"],))
    case_id = dispatched(conn, "unstaffed")
    done = tick(conn, T0 + hours(48))
    assert done["unstaffed"] == [(case_id, "community", COMMUNITY)]
    case = get_case(conn, case_id)
    assert (case["handler_level"], case["handler_person_id"]) == ("community", None)
    with pytest.raises(PersonError, match=f"nobody handles cases of community {COMMUNITY}"):
        act(conn, dispatched(conn, "by-hand"), "escalate", "M1", now=T0 + hours(1))


def test_an_unplaced_case_dispatched_by_name_still_escalates_automatically(conn, world):
    case_id = dispatched(conn, "unplaced", to="M1")
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET community_code = NULL, street_code = NULL WHERE id = %s", (case_id,))
    with pytest.raises(CaseError, match=f"case {case_id} is not placed at community level"):
        act(conn, case_id, "escalate", "M1", now=T0 + hours(1))
    assert tick(conn, T0 + hours(48))["unstaffed"] == [(case_id, "community", None)]
