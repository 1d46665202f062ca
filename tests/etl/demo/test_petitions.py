"""The demo's petition office (issue 17): a year of matters built from the petition-channel cases (first
and repeat, collective ones, skip-level visits reported back), proxy agents at four levels with calls, the
backlog register with leaders and consultations, the reception calendar with its themed months, two
suggestion campaigns — measured with the domain's own functions."""
import datetime as dt
import re

import pytest

from grids.clock import SHANGHAI
from grids.petitions import kpi, proxies, reception, suggestions, work_kpi
from tests.command_line import stored
from tests.conftest import TABLES, wipe
from tests.demo_store import demo_store

NOW = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
PETITION_TABLES = (f"{TABLES}, category, reception_day, suggestion_campaign, suggestion, proxy_agent, major_issue, "
                   "petition_work_event")
SECONDS = re.compile(r"the petition office's year in ([0-9.]+) s")


@pytest.fixture(scope="module")
def demo_db(database_url):
    """The demo (seed 42) with its petition office in the test database (built once a run, :mod:`tests.demo_store`)."""
    output = demo_store(database_url)
    print("\n" + next(line for line in output.splitlines() if SECONDS.search(line)))
    yield database_url
    wipe(database_url, PETITION_TABLES)


def test_a_year_of_first_and_repeat_matters_collective_ones_and_skip_level_visits(demo_db, conn):
    rows = kpi.indicators(conn, start="2025-01", end="2025-12", level="district")
    total = {k: sum(r[k] for r in rows) for k in kpi.COUNTS}
    assert 300 <= total["total"] <= 600
    assert 0.1 <= total["repeat"] / total["total"] <= 0.3
    assert total["first_turned_repeat"] > 30
    assert total["city"] > total["province"] > 0 and total["beijing"] > 0
    (collective,) = stored(demo_db, "SELECT count(*) FROM petition_matter WHERE collective")[0]
    assert collective >= 1
    # built from the petition channel's own cases: every matter is one of them
    (other,) = stored(demo_db, "SELECT count(*) FROM petition_matter m JOIN incident i ON i.id = m.incident_id "
                               "WHERE i.channel <> 'petition'")[0]
    assert other == 0
    (plain,) = stored(demo_db, "SELECT count(*) FROM petition_event e JOIN petitioner p ON p.incident_id = e.incident_id "
                               "WHERE e.details::text LIKE '%%' || p.id_number || '%%'")[0]
    assert plain == 0


def test_proxies_at_four_levels_calls_answered_and_the_backlog_owned_by_leaders(demo_db, conn):
    levels = {a["level"] for a in proxies.list_agents(conn)}
    assert levels == set(proxies.LEVELS)
    work = work_kpi.work_kpis(conn, since="2025-01-01", until="2026-01-01", now=NOW)
    assert work["calls"]["calls"] >= 5 and work["calls"]["on_time"] > work["calls"]["late"]
    assert work["proxy"]["with_proxy"] > 250 and 0.75 <= work["proxy"]["satisfaction_rate"] <= 0.95
    assert 0.82 <= work["proxy"]["proxy_rate"] <= 0.94            # the seeds' city: 代理率 88 %
    assert work["backlog"]["matters"] >= 5 and 0 < work["backlog"]["closed_off"] < work["backlog"]["matters"]
    (consulted, leaders) = stored(demo_db, "SELECT count(DISTINCT backlog_id), (SELECT count(DISTINCT leader_name) "
                                           "FROM backlog_matter) FROM backlog_consultation")[0]
    assert consulted >= 5 and leaders >= 2


def test_reception_days_on_the_15th_with_themed_months_and_two_campaigns(demo_db, conn):
    days = reception.list_days(conn, since=dt.date(2025, 1, 1), until=dt.date(2026, 3, 31))
    assert [d["held_on"].day for d in days] == [15] * 15
    topics = {d["held_on"].month: d["topic"] for d in days if d["held_on"].year == 2025}
    assert "住房" in topics[5] and "学位" in topics[6] and "供暖" in topics[10]
    assert sum(d["matters"] for d in days) > 20
    following = reception.next_day(conn, today=NOW.date())
    assert following["held_on"] == dt.date(2026, 1, 15) and following["days_until"] == 14
    rates = suggestions.adoption_rates(conn)
    assert len([c for c in rates["campaigns"] if not c.get("is_total")]) == 2
    assert 0.06 <= float(rates["overall"]["adoption_rate"]) <= 0.18
