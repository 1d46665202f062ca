"""Bursts on the demo, where the generator planted the truth (``etl.demo.bursts``): every planted burst is
flagged by the default rule scanned over the year, and the flags on the rest of the year — false alarms,
since nothing else was planted — stay at or below the number docs/foresight.md states."""
import datetime as dt
import time

import pytest

from etl.demo.bursts import PLANTED, planted_bursts
from etl.demo.district import build_demo_district
from etl.demo.loading import DISMISSED_BECAUSE, STILL_VERIFYING
from gis import db
from grids.foresight import bursts
from tests.conftest import wipe
from tests.webmap.demo_site import DEMO_TABLES, fill_demo_store

FALSE_ALARMS_AT_MOST = 20       # measured 20 with the default rule on seed 42 (docs/foresight.md)


def test_the_planted_bursts_are_drawn_the_same_and_each_is_one_place_of_many_callers():
    district = build_demo_district(seed=42)
    first, again = planted_bursts(district, 42), planted_bursts(district, 42)
    assert first.records.equals(again.records) and first.truth == again.truth
    assert [t["name"] for t in first.truth] == [p[0] for p in PLANTED]
    for burst in first.truth:
        rows = first.records[first.records["source_ref"].isin(burst["refs"])]
        assert rows["reporter_phone"].nunique() == burst["reporters"] >= 7
        span = rows["reported_at"].max() - rows["reported_at"].min()
        assert span < dt.timedelta(days=bursts.WINDOW_DAYS)
        assert not rows["address"].str.contains("中韩").any()   # not in street 001 (the member account's)
    assert first.records["source_ref"].is_unique


@pytest.fixture(scope="module")
def demo_year(database_url):
    fill_demo_store(database_url)
    with db.connect() as conn:
        started = time.perf_counter()
        found = bursts.scan(conn, dt.date(2025, 1, 1), dt.date(2026, 1, 1))
        seconds = time.perf_counter() - started
        with conn.cursor() as cur:
            cur.execute("SELECT source_ref, id FROM incident WHERE channel = 'hotline' AND source_ref LIKE %s",
                        ("QD12345-2025-9%",))
            ids = dict(cur.fetchall())
    truth = planted_bursts(build_demo_district(seed=42), 42).truth
    yield {"found": found, "seconds": seconds, "planted": {t["name"]: {ids[r] for r in t["refs"]} for t in truth}}
    wipe(database_url, DEMO_TABLES)                 # the next modules expect an empty store


def test_every_planted_burst_is_flagged_and_false_alarms_stay_few(demo_year):
    found, planted = demo_year["found"], demo_year["planted"]
    for name, ids in planted.items():
        holding = [b for b in found if set(b["ids"]) & ids]
        assert len(holding) == 1, (name, holding)
        assert ids <= set(holding[0]["ids"]), name                  # all its tickets in the one flag
        assert holding[0]["p"] < bursts.ALPHA
    planted_ids = set().union(*planted.values())
    false_alarms = [b for b in found if not set(b["ids"]) & planted_ids]
    print(f"\nplanted {len(planted)}, flags {len(found)}, false alarms {len(false_alarms)}, "
          f"scan {demo_year['seconds']:.2f} s")
    assert len(false_alarms) <= FALSE_ALARMS_AT_MOST


def test_the_wage_burst_is_raised_red_with_its_escalation_words_and_still_open(database_url, demo_year):
    """The demo stored the year's warnings; December's wage burst is one, red, and still being verified; a
    detector run over its window again raises nothing new."""
    wages = demo_year["planted"]["unpaid_wages"]
    with db.connect() as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT w.id, w.severity, w.escalation_words, w.reporters, w.category_code, w.status "
                        "FROM early_warning w JOIN early_warning_ticket t ON t.warning_id = w.id "
                        "WHERE t.incident_id = ANY(%s) GROUP BY w.id", (list(wages),))
            rows = cur.fetchall()
        again = bursts.run(conn, dt.date(2025, 12, 20), now=dt.datetime(2025, 12, 20, 8, tzinfo=bursts.clock.SHANGHAI))
        conn.rollback()
    assert len(rows) == 1
    warning, severity, words, reporters, category, status = rows[0]
    assert category == "0104" and reporters == 12 and "上访" in words and "集体" in words
    assert severity == "red" and status == "open"       # 12 reporters: orange (≥ 10), one up for the words
    assert not again["raised"] and warning in again["unchanged"] + again["extended"]


def test_the_demo_centre_decided_its_year_as_a_desk_would(demo_year):
    """The year's flags are stored warnings (all the planted tickets linked); those holding a planted ticket were confirmed (or are
    still open), every dismissed one holds none and says why; only the last three weeks' are open; the
    decisions are the district command centre's."""
    planted = set().union(*demo_year["planted"].values())
    with db.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT w.status, w.reason, w.last_reported_at, p.role, array_agg(t.incident_id) "
                    "FROM early_warning w JOIN early_warning_ticket t ON t.warning_id = w.id "
                    "LEFT JOIN person p ON p.id = w.decided_by GROUP BY w.id, p.role")
        warnings = cur.fetchall()
    assert 20 <= len(warnings) <= len(demo_year["found"])       # a flag next to an open warning extends it
    linked = set().union(*(set(w[4]) for w in warnings))
    assert planted <= linked
    now = dt.datetime(2026, 1, 1, tzinfo=bursts.clock.SHANGHAI)
    for status, reason, last, role, tickets in warnings:
        holds_planted = bool(planted & set(tickets))
        assert status == ("open" if last > now - STILL_VERIFYING else "confirmed" if holds_planted else "dismissed")
        assert (reason == DISMISSED_BECAUSE) == (status == "dismissed")
        assert role == ("command_staff" if status != "open" else None)
    statuses = [w[0] for w in warnings]
    assert statuses.count("confirmed") == 3 and statuses.count("open") >= 1
