"""Time limits as offices count them: a ticket's own 办理时限 wins over its category's, and a limit in
working days runs on the official calendar — over the 2026 Spring Festival (15–23 February off; Saturday
14 and Saturday 28 February are 调休 working days) — in the timer, pauses, extensions and the tick."""
import datetime as dt

import pytest

from etl.incidents.importing import import_incident_file
from grids.cases import loop, tick, time_limits, workdays
from grids.incidents.intake.time_limit_text import parse_limit
from grids.cells import generations
from grids.clock import SHANGHAI
from tests.cases import add_incident, load_world
from tests.shapes import ORIGIN, UNIT


def at(day, hour=0, month=2):
    return dt.datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def own_limit(conn, case_id, text):
    """The ticket's own 办理时限 as the import stores it (nothing for a text it cannot read)."""
    try:
        limit = parse_limit(text)
    except ValueError:
        return
    column = {"hours": "own_limit_hours", "workdays": "own_limit_workdays"}[limit[0]]
    with conn.cursor() as cur:
        cur.execute(f"UPDATE incident SET {column} = %s WHERE id = %s", (limit[1], case_id))


def dispatched(conn, ref, when, limit_text=None, category="T101"):
    case_id = add_incident(conn, ref, category=category, at=when - dt.timedelta(hours=1))
    if limit_text:
        own_limit(conn, case_id, limit_text)
    loop.act(conn, case_id, "accept", "D1", now=when - dt.timedelta(minutes=30))
    return case_id, loop.act(conn, case_id, "dispatch", "D1", now=when)


@pytest.fixture
def world(conn):
    return load_world(conn)


def test_the_calendar_knows_the_festival_and_its_working_saturdays():
    assert [workdays.is_workday(dt.date(2026, 2, d)) for d in (13, 14, 15, 20, 23, 24, 28)] == [
        True, True, False, False, False, True, True]
    assert workdays.is_workday(dt.date(2040, 1, 2)) and not workdays.is_workday(dt.date(2040, 1, 7))  # Mon–Fri


def test_three_working_days_from_the_friday_before_the_festival_end_after_it(conn, world):
    case_id, after = dispatched(conn, "festival", at(13, 10), "3个工作日")
    # Friday 14 h + Saturday 14th (调休) 24 h = 38 h; 15th–23rd off; Tuesday 24 h → 62 h; Wednesday 10 h
    assert (after["limit_workdays"], after["time_limit_hours"], after["deadline"]) == (3, 72, at(25, 10))
    during = time_limits.timer(after, at(20, 12))
    assert during["colour"] == "green" and during["fraction"] == pytest.approx(38 / 72)
    assert time_limits.timer(after, at(25, 9))["colour"] == "yellow"
    assert time_limits.timer(after, at(25, 11))["colour"] == "red"
    # the same case on the category's 24 wall-clock hours was red on Saturday
    _, hourly = dispatched(conn, "festival-hours", at(13, 10))
    assert time_limits.timer(hourly, at(20, 12))["colour"] == "red"


def test_a_start_on_a_day_off_counts_from_the_next_working_day(conn, world):
    _, after = dispatched(conn, "dayoff", at(15, 12), "1个工作日")
    assert after["deadline"] == at(25, 0)                 # all of Tuesday 24th, the first working day
    _, saturday = dispatched(conn, "tiaoxiu", at(28, 9), "1个工作日")
    assert saturday["deadline"] == at(2, 9, month=3)      # Saturday 28th counts; Sunday 1 March does not


def test_a_pause_over_the_festival_gives_back_working_time(conn, world):
    case_id, _ = dispatched(conn, "pause", at(12, 10), "2个工作日")   # Thursday 10:00, due Saturday 14th 10:00
    loop.act(conn, case_id, "suspend", "D1", now=at(13, 10))          # one working day used
    resumed = loop.act(conn, case_id, "resume", "D1", now=at(24, 8))  # the first working day after it
    assert resumed["deadline"] == at(25, 8)                           # one working day left
    extended = loop.act(conn, case_id, "extend", "D1", now=at(24, 9), hours=72)   # 3 working days in all
    assert (extended["limit_workdays"], extended["deadline"]) == (3, at(26, 8))


def test_the_tick_escalates_on_working_time_not_on_the_wall_clock(conn, world):
    festival, _ = dispatched(conn, "tick-w", at(13, 20), "1个工作日")   # due Saturday 14th 20:00
    hourly, _ = dispatched(conn, "tick-h", at(13, 20))                  # 24 h: due Saturday 20:00
    done = tick.tick(conn, now=at(22, 12))            # 8 days on the wall clock; 28 working hours
    assert [case for case, _ in done["escalated"]] == [hourly]
    assert festival in done["urged"]                  # past its deadline: urged, not escalated
    done = tick.tick(conn, now=at(24, 21))            # 28 + 21 = 49 working hours ≥ 2 × 24
    assert festival in [case for case, _ in done["escalated"]]   # (the other climbs again: 57 h of its new 24)


def test_the_tickets_own_limit_in_hours_wins_and_a_reopened_case_keeps_it(conn, world):
    case_id, after = dispatched(conn, "own-hours", at(3, 9, month=3), "48小时")      # T101's own is 24 h
    assert (after["time_limit_hours"], after["limit_workdays"]) == (48, None)
    _, unreadable = dispatched(conn, "own-bad", at(3, 9, month=3), "尽快")
    assert unreadable["time_limit_hours"] == 24


@pytest.mark.parametrize("text, parsed", [
    ("3个工作日", ("workdays", 3.0)), ("5工作日", ("workdays", 5.0)), ("十五个工作日", ("workdays", 15.0)),
    ("48小时", ("hours", 48.0)), ("24h", ("hours", 24.0)), ("2天", ("hours", 48.0)), ("7个自然日", ("hours", 168.0)),
    ("", None), (None, None)])
def test_limit_texts_are_read(text, parsed):
    assert parse_limit(text) == parsed


@pytest.mark.parametrize("text", ["3", "尽快", "0天", "2026-03-01", "一百天", "9999天"])
def test_limit_texts_that_say_no_limit_are_refused(text):
    with pytest.raises(ValueError):
        parse_limit(text)


def test_an_imported_limit_is_used_and_an_unreadable_one_is_a_warning_naming_row_and_column(conn, world, tmp_path):
    generations.publish(conn)                                        # the import places in the current one
    lon, lat = ORIGIN[0] + 0.5 * UNIT, ORIGIN[1] + 1.5 * UNIT        # grid 1's centre
    path = tmp_path / "assigned.csv"
    path.write_text("工单编号,受理时间,小类,经度,纬度,坐标系,办理时限\n"
                    f"JB-1,2026-02-13 09:00,T101,{lon},{lat},EPSG:4490,3个工作日\n"
                    f"JB-2,2026-02-13 09:00,T101,{lon},{lat},EPSG:4490,明天下班前\n", encoding="utf-8")
    report = import_incident_file(conn, path, channel="assigned")
    assert report["added"] == 2
    assert [(p["row"], p["field"], p["severity"]) for p in report["problems"]] == [(3, "办理时限", "warning")]
    assert "明天下班前" in report["problems"][0]["text"]
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM incident WHERE source_ref = 'JB-1'")
        case_id = cur.fetchone()[0]
    loop.act(conn, case_id, "accept", "D1", now=at(13, 10))
    assert loop.act(conn, case_id, "dispatch", "D1", now=at(13, 10))["deadline"] == at(25, 10)
