"""KPIs of a city are its districts' added up: hand-made cases in two districts moved through the real loop."""
import pytest

from grids.cases import kpi
from grids.cases.loop import act
from tests.cases import T0, hours
from tests.city import CITY, HUANGDAO, LAOSHAN, add_city_incident, load_city, load_city_cases

NOW = T0 + hours(48)
CLOSED = [("accept", 0, "D"), ("dispatch", 0, "D"), ("start", 1, "M"), ("report", 10, "M"), ("verify", 12, "D")]
OPEN = [("accept", 0, "D"), ("dispatch", 0, "D"), ("start", 1, "M")]              # past its 24 h at +48 h
# 崂山: three closed on time, one open and overdue; 黄岛: one closed, two open, one rejected, one unanswered.
STORIES = {LAOSHAN: [CLOSED, CLOSED, CLOSED, OPEN],
           HUANGDAO: [CLOSED, OPEN, OPEN, [("reject", 1, "D")], []]}


@pytest.fixture
def cases(conn):
    load_city(conn)
    load_city_cases(conn)
    for district, stories in STORIES.items():
        for n, steps in enumerate(stories):
            incident = add_city_incident(conn, f"{district}-{n}", district, T0)
            for action, at, who in steps:
                act(conn, incident, action, f"{who}{district}", now=T0 + hours(at))


def test_the_city_kpis_are_the_sum_of_its_districts(conn, cases):
    districts = {row["code"]: row for row in kpi.kpis_by_level(conn, "district", now=NOW)}
    [city] = kpi.kpis_by_level(conn, "city", now=NOW)
    assert city["code"] == CITY and city["name"] == "青岛市"
    assert districts[LAOSHAN]["received"] == 4 and districts[HUANGDAO]["received"] == 5
    for field in ("received", "accepted", "closed", "backlog_open", "backlog_overdue"):
        assert city[field] == districts[LAOSHAN][field] + districts[HUANGDAO][field], field
    assert (city["backlog_open"], city["backlog_overdue"]) == (4, 3)     # the unanswered one has no clock yet
    assert city["on_time_rate"] == 4 / 7                  # 4 finished on time of 4 finished + 3 overdue
    assert city["response_rate"] == 8 / 9


def test_a_city_code_reaches_the_whole_city(conn, cases):
    assert kpi.kpis_for_cell(conn, CITY, now=NOW)["received"] == 9
    assert [row["code"] for row in kpi.kpis_by_level(conn, "district", now=NOW, within=CITY)] == [HUANGDAO, LAOSHAN]
    assert kpi.level_of_code(CITY) == "city" and kpi.level_of_code(LAOSHAN) == "district"
