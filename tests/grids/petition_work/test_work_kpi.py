"""The petition-work indicators on hand-computed data: 积案化解率, 代理率, satisfaction, on-time calls, 采纳率."""
import datetime as dt

import pytest

from grids.petitions import backlog, matters, proxies, suggestions, work_kpi
from grids.petitions.work_checks import PetitionWorkError
from tests.cases import COMMUNITY, STREET, T0, add_incident, hours
from tests.grids.petition_work.conftest import days, petition

MARCH, APRIL = dt.date(2025, 3, 1), dt.date(2025, 4, 1)


@pytest.fixture
def proxied(conn, world):
    proxies.add_agent(conn, name="社区代理员", level="village", area_code=COMMUNITY, code="A_COM", by="D1", now=T0)
    proxies.add_agent(conn, name="街道代理员", level="township", area_code=STREET, code="A_STR", by="D1", now=T0)
    return world


def test_proxy_rate_and_satisfaction(conn, proxied):
    # March: 5 petition matters (4 taken on by a proxy; rated satisfied, basically, dissatisfied, not yet;
    # the fifth registered, not proxied), a petition ticket neither registered nor proxied (no matter yet), a
    # hotline case (not a petition) and an April petition taken on (another period)
    cases = [petition(conn, f"P{n}", at=T0 + days(n)) for n in range(5)]
    matters.register(conn, cases[4], form="来访", petitioners=[{"name": "王五"}], handling_body="区住建局", by="C1",
                     now=T0 + days(5))
    petition(conn, "P_TICKET", at=T0 + days(6))
    add_incident(conn, "H1", at=T0)
    april = petition(conn, "P_APRIL", at=T0 + days(40))
    for case_id in [*cases[:4], april]:
        proxies.take(conn, case_id, agent="A_COM", by="C1", now=T0 + days(41))
    for case_id, rating in zip(cases, ("satisfied", "basically_satisfied", "dissatisfied")):
        proxies.rate(conn, case_id, satisfaction=rating, by="C1", now=T0 + days(42))
    kpi = work_kpi.proxy_rate(conn, since=MARCH, until=APRIL)
    assert (kpi["petition_matters"], kpi["with_proxy"], kpi["proxy_rate"]) == (5, 4, 0.8)
    assert (kpi["rated"], kpi["satisfied"], kpi["satisfaction_rate"]) == (3, 2, pytest.approx(0.6667))
    assert work_kpi.proxy_rate(conn, since=MARCH, until=APRIL, within="370213")["proxy_rate"] is None


def test_call_on_time_rate_leaves_out_the_calls_not_yet_due(conn, proxied):
    case_id = petition(conn, "P1")
    proxies.take(conn, case_id, agent="A_COM", by="C1", now=T0)
    calls = [proxies.call(conn, case_id, from_agent="A_COM", reason=f"协调{n}", by="C1", now=T0 + hours(n))["id"]
             for n in range(4)]
    proxies.respond(conn, calls[0], agent="A_STR", by="S1", now=T0 + hours(24))          # on time (at due_at)
    proxies.respond(conn, calls[1], agent="A_STR", by="S1", now=T0 + hours(26))          # late (due 25 h)
    # calls[2] due T0+26h: unanswered at T0+27h → overdue; calls[3] due T0+27h: at T0+27h still waiting
    kpi = work_kpi.call_response(conn, since=MARCH, until=APRIL, now=T0 + hours(27))
    assert (kpi["calls"], kpi["on_time"], kpi["late"], kpi["overdue"], kpi["waiting"]) == (4, 1, 1, 1, 1)
    assert kpi["on_time_rate"] == pytest.approx(0.3333)


def test_backlog_clearance_rate_of_a_period(conn, world):
    now = T0 + days(120)                         # 2025-07-01
    entries = [backlog.register(conn, petition(conn, f"P{n}"), why="overdue", leader_name="王区长", leader_post="副区长",
                                by="D1", now=now)["id"] for n in range(4)]
    for entry, closed_on in zip(entries, (now.date(), now.date() + dt.timedelta(days=31))):
        backlog.consult(conn, entry, held_on=now.date(), attendees=["王区长"], decisions="化解", by="D1", now=now)
        backlog.close_off(conn, entry, evidence="息诉", on=closed_on, by="D1",
                          now=dt.datetime.combine(closed_on, dt.time(12), tzinfo=now.tzinfo))
    july = work_kpi.backlog_clearance(conn, since=dt.date(2025, 7, 1), until=dt.date(2025, 8, 1))
    assert (july["matters"], july["closed_off"], july["clearance_rate"]) == (4, 1, 0.25)
    august = work_kpi.backlog_clearance(conn, since=dt.date(2025, 8, 1), until=dt.date(2025, 9, 1))
    assert (august["matters"], august["closed_off"], august["clearance_rate"]) == (3, 1, pytest.approx(0.3333))


def test_all_indicators_together_and_a_bad_period(conn, world):
    suggestion = suggestions.add_suggestion(conn, body="增设公交站", received_at=T0, by="D1", now=T0 + days(2))
    suggestions.add_suggestion(conn, body="延长图书馆开放时间", received_at=T0, by="D1", now=T0 + days(2))
    suggestions.review(conn, suggestion, result="refer", department="交通局", by="D1", now=T0 + days(3))
    suggestions.adopt(conn, suggestion, action_taken="新增站点", by="D1", now=T0 + days(4))
    kpis = work_kpi.work_kpis(conn, since=MARCH, until=APRIL, now=T0 + days(5))
    assert (kpis["suggestions"]["received"], kpis["suggestions"]["adoption_rate"]) == (2, 0.5)
    assert kpis["backlog"]["clearance_rate"] is None and kpis["proxy"]["petition_matters"] == 0
    with pytest.raises(PetitionWorkError) as refused:
        work_kpi.work_kpis(conn, since=APRIL, until=MARCH)
    assert refused.value.context["field"] == "until"


def test_monthly_series_of_a_year(conn, proxied):
    for n, month in enumerate((3, 3, 5)):
        case_id = petition(conn, f"P{n}", at=T0.replace(month=month))
        if n < 2:
            proxies.take(conn, case_id, agent="A_COM", by="C1", now=T0.replace(month=6))
        else:                                        # May's: a registered matter no proxy took on
            matters.register(conn, case_id, form="来信", petitioners=[{"name": "王五"}], handling_body="区住建局",
                             by="C1", now=T0.replace(month=5, day=20))
    series = work_kpi.monthly(conn, year=2025, now=T0.replace(month=7))
    assert [m["month"] for m in series][:3] == ["2025-01", "2025-02", "2025-03"] and len(series) == 12
    rates = {m["month"]: m["proxy"]["proxy_rate"] for m in series}
    assert (rates["2025-03"], rates["2025-05"], rates["2025-04"]) == (1.0, 0.0, None)
