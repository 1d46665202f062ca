"""Time limits on a controlled clock: limits, green/yellow/red boundaries, standing clocks, urging."""
import datetime as dt

import pytest

from grids.cases.loop import act, case_history, get_case
from grids.cases.tick import tick
from grids.cases.time_limits import colour
from grids.clock import SHANGHAI
from tests.cases import T0, add_incident, hours, load_world

SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def world(conn):
    return load_world(conn)


def dispatched(conn, ref, category="T101", at=T0):
    case_id = add_incident(conn, ref, category=category, at=at)
    act(conn, case_id, "accept", "D1", now=at)
    act(conn, case_id, "dispatch", "D1", now=at)
    return case_id


@pytest.mark.parametrize("fraction, expected", [
    (0.0, "green"), (0.7999, "green"), (0.8, "yellow"), (0.95, "yellow"), (1.0, "yellow"), (1.0001, "red"), (3, "red")])
def test_colour_boundaries(fraction, expected):
    assert colour(fraction) == expected


@pytest.mark.parametrize("elapsed, expected", [
    (hours(19.2) - SECOND, "green"), (hours(19.2), "yellow"), (hours(24), "yellow"), (hours(24) + SECOND, "red")])
def test_timer_of_a_24_hour_case_on_the_clock(conn, world, elapsed, expected):
    case_id = dispatched(conn, "timer")
    timer = get_case(conn, case_id, now=T0 + elapsed)["timer"]
    assert timer["colour"] == expected
    assert timer["used_hours"] == pytest.approx(elapsed.total_seconds() / 3600, abs=1e-3)
    assert timer["deadline"] == T0 + hours(24)


@pytest.mark.parametrize("category, limit", [("T101", 24), ("T102", 100), ("T2", 72), (None, 72)])
def test_the_limit_comes_from_the_category_its_parent_or_the_default(conn, world, category, limit):
    case_id = dispatched(conn, f"limit-{category}", category=category)
    case = get_case(conn, case_id, now=T0)
    assert (case["time_limit_hours"], case["deadline"]) == (limit, T0 + hours(limit))


def test_nights_weekends_and_holidays_count(conn, world):
    eve_of_national_day = dt.datetime(2025, 9, 30, 18, 0, tzinfo=SHANGHAI)   # 国庆 holiday starts the next day
    case_id = dispatched(conn, "holiday", at=eve_of_national_day)
    assert get_case(conn, case_id, now=eve_of_national_day)["deadline"] == eve_of_national_day + hours(24)
    assert get_case(conn, case_id, now=eve_of_national_day + hours(25))["timer"]["colour"] == "red"


def test_suspension_stops_the_clock_and_moves_the_deadline(conn, world):
    case_id = dispatched(conn, "suspend")
    act(conn, case_id, "suspend", "D1", now=T0 + hours(10), note="当事人外出")
    standing = get_case(conn, case_id, now=T0 + hours(100))["timer"]
    assert (standing["used_hours"], standing["running"], standing["colour"]) == (10, False, "green")
    case = act(conn, case_id, "resume", "D1", now=T0 + hours(30))
    assert case["deadline"] == T0 + hours(44)
    assert get_case(conn, case_id, now=T0 + hours(40))["timer"]["used_hours"] == pytest.approx(20)


def test_the_clock_stands_while_a_report_waits_for_verification(conn, world):
    case_id = dispatched(conn, "verify")
    act(conn, case_id, "report", "M1", now=T0 + hours(20))
    assert get_case(conn, case_id, now=T0 + hours(30))["timer"]["colour"] == "yellow"   # 20 of 24 h, standing
    act(conn, case_id, "rework", "D1", now=T0 + hours(30), note="未整改到位")
    case = get_case(conn, case_id, now=T0 + hours(35))
    assert case["deadline"] == T0 + hours(34) and case["timer"]["colour"] == "red"


def test_an_extension_gives_a_new_limit(conn, world):
    case_id = dispatched(conn, "extend")
    act(conn, case_id, "extend", "D1", now=T0 + hours(20), hours=48, note="需协调物业")
    case = get_case(conn, case_id, now=T0 + hours(30))
    assert (case["status"], case["deadline"], case["timer"]["colour"]) == ("extended", T0 + hours(48), "green")


def test_tick_urges_an_overdue_case_once_per_deadline(conn, world):
    case_id = dispatched(conn, "urge")
    assert tick(conn, T0 + hours(24))["urged"] == []            # at the deadline: not yet overdue
    assert tick(conn, T0 + hours(25))["urged"] == [case_id]
    assert tick(conn, T0 + hours(25))["urged"] == []            # idempotent
    assert tick(conn, T0 + hours(30))["urged"] == []            # urged since the deadline passed
    urges = [e for e in case_history(conn, case_id) if e["action"] == "urge"]
    assert [(e["at"], e["by_person_id"], e["from_state"], e["to_state"]) for e in urges] == [
        (T0 + hours(25), None, "dispatched", "dispatched")]
    act(conn, case_id, "extend", "D1", now=T0 + hours(31), hours=40)
    assert tick(conn, T0 + hours(39))["urged"] == []
    assert tick(conn, T0 + hours(41))["urged"] == [case_id]     # the new deadline passed
    assert get_case(conn, case_id, now=T0 + hours(41))["urge_count"] == 2


def test_tick_leaves_standing_and_finished_cases_alone(conn, world):
    suspended, handled = dispatched(conn, "s"), dispatched(conn, "h", category="T102")
    act(conn, suspended, "suspend", "D1", now=T0 + hours(1))
    act(conn, handled, "report", "M1", now=T0 + hours(1))
    assert tick(conn, T0 + hours(500)) == {"now": T0 + hours(500), "repeats_linked": [], "escalated": [],
                                           "unstaffed": [], "urged": []}
