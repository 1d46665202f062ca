"""Proxy agents at four levels, the first agent, call–response and its lateness at the boundary."""
import pytest

from grids.petitions import proxies
from grids.petitions.work_checks import PetitionWorkError
from tests.cases import COMMUNITY, DISTRICT, STREET, T0, hours
from tests.grids.petition_work.conftest import count, petition

CITY = DISTRICT[:4] + "00"


@pytest.fixture
def agents(conn, world):
    for code, level, area in (("A_CITY", "city", CITY), ("A_DIST", "county", DISTRICT),
                              ("A_STR", "township", STREET), ("A_COM", "village", COMMUNITY)):
        proxies.add_agent(conn, name=f"代理员{code}", level=level, area_code=area, code=code, by="D1", now=T0)
    return world


def _taken(conn, ref="P1"):
    case_id = petition(conn, ref)
    proxies.take(conn, case_id, agent="A_COM", by="C1", now=T0)
    return case_id


def test_the_level_above_of_each_level():
    assert proxies.level_above("village", COMMUNITY) == ("township", STREET)
    assert proxies.level_above("township", STREET) == ("county", DISTRICT)
    assert proxies.level_above("county", DISTRICT) == ("city", "370200")
    assert proxies.level_above("city", CITY) is None


def test_a_call_answered_at_its_due_time_is_on_time_a_second_later_is_late(conn, agents):
    case_id = _taken(conn)
    assert proxies.assignment(conn, case_id)["agent_code"] == "A_COM"
    on_time = proxies.call(conn, case_id, from_agent="A_COM", reason="需街道协调房管所", by="C1", now=T0 + hours(1))
    assert (on_time["to_level"], on_time["to_area_code"], on_time["due_at"]) == ("township", STREET, T0 + hours(25))
    assert on_time["lateness"] == "waiting"
    answered = proxies.respond(conn, on_time["id"], agent="A_STR", note="已约谈房管所", by="S1", now=T0 + hours(25))
    assert (answered["lateness"], answered["late_hours"]) == ("on_time", 0)
    late = proxies.call(conn, case_id, from_agent="A_STR", reason="需区住建局", due_hours=2, by="S1", now=T0 + hours(2))
    assert late["due_at"] == T0 + hours(4) and late["to_level"] == "county"
    assert proxies.list_calls(conn, waiting_only=True, now=T0 + hours(5))[0]["lateness"] == "overdue"
    answered = proxies.respond(conn, late["id"], agent="A_DIST", by="D1", now=T0 + hours(4) + hours(1) / 3600)
    assert answered["lateness"] == "late" and float(answered["late_hours"]) == pytest.approx(0.0, abs=0.01)
    answered = proxies.get_call(conn, late["id"], now=T0 + hours(10))
    assert answered["lateness"] == "late"


def test_only_the_called_level_answers_once(conn, agents):
    case_id = _taken(conn)
    called = proxies.call(conn, case_id, from_agent="A_COM", reason="协调", by="C1", now=T0)
    with pytest.raises(PetitionWorkError) as wrong_level:
        proxies.respond(conn, called["id"], agent="A_DIST", by="D1", now=T0 + hours(1))
    assert wrong_level.value.context["field"] == "agent"
    proxies.respond(conn, called["id"], agent="A_STR", by="S1", now=T0 + hours(1))
    with pytest.raises(PetitionWorkError, match="answered already"):
        proxies.respond(conn, called["id"], agent="A_STR", by="S1", now=T0 + hours(2))
    with pytest.raises(PetitionWorkError, match="no level above") as city:
        proxies.call(conn, case_id, from_agent="A_CITY", reason="x", by="D1", now=T0)
    assert city.value.context["field"] == "from_agent"


@pytest.mark.parametrize("fields, field", [
    ({"level": "province"}, "level"), ({"level": "city", "area_code": "370212"}, "area_code"),
    ({"level": "township", "area_code": "370212009"}, "area_code"), ({"name": " "}, "name"),
    ({"by": None}, "by"), ({"code": "A_COM"}, "code")])
def test_a_bad_agent_is_refused_naming_the_field(conn, agents, fields, field):
    before = (count(conn, "proxy_agent"), count(conn, "petition_work_event"))
    with pytest.raises(PetitionWorkError) as refused:
        proxies.add_agent(conn, **{"name": "新代理员", "level": "village", "area_code": COMMUNITY, "code": "NEW",
                                   "by": "D1", "now": T0, **fields})
    assert refused.value.context["field"] == field
    assert (count(conn, "proxy_agent"), count(conn, "petition_work_event")) == before


@pytest.mark.parametrize("fields, field", [
    ({"due_hours": 0}, "due_hours"), ({"due_hours": "soon"}, "due_hours"), ({"reason": ""}, "reason"),
    ({"from_agent": "NOBODY"}, "from_agent"), ({"to_agent": "A_DIST"}, "to_agent")])
def test_a_bad_call_is_refused_naming_the_field_and_nothing_is_written(conn, agents, fields, field):
    case_id = _taken(conn)
    before = (count(conn, "proxy_call"), count(conn, "petition_work_event"))
    with pytest.raises(PetitionWorkError) as refused:
        proxies.call(conn, case_id, **{"from_agent": "A_COM", "reason": "协调", "by": "C1", "now": T0, **fields})
    assert refused.value.context["field"] == field
    assert (count(conn, "proxy_call"), count(conn, "petition_work_event")) == before


def test_take_is_refused_outside_the_agents_area_and_twice(conn, agents):
    proxies.add_agent(conn, name="别的社区", level="village", area_code=COMMUNITY, code="A_OTHER", by="D1", now=T0)
    elsewhere = petition(conn, "P9", street="370213001")
    with pytest.raises(PetitionWorkError, match="outside") as outside:
        proxies.take(conn, elsewhere, agent="A_COM", by="C1", now=T0)
    assert outside.value.context["field"] == "agent"
    case_id = _taken(conn)
    with pytest.raises(PetitionWorkError, match="already"):
        proxies.take(conn, case_id, agent="A_OTHER", by="C1", now=T0)
    assert count(conn, "proxy_assignment") == 1
    proxies.rate(conn, case_id, satisfaction="basically_satisfied", by="C1", now=T0 + hours(48))
    with pytest.raises(PetitionWorkError) as twice:
        proxies.rate(conn, case_id, satisfaction="satisfied", by="C1", now=T0 + hours(49))
    assert twice.value.context["field"] == "satisfaction"
    assert proxies.assignment(conn, case_id)["satisfaction"] == "basically_satisfied"
