"""Repeats: the same category near the same place within the period, across channels, linked once."""
import pytest

from grids.cases.loop import act, case_history
from grids.cases.tick import tick
from grids.incidents.repeats import link_repeats, repeats_of
from tests.cases import T0, add_incident, hours, load_world

DAY = hours(24)


@pytest.fixture
def world(conn):
    return load_world(conn)


def test_a_patrol_report_near_an_open_hotline_case_is_linked_across_channels(conn, world):
    first = add_incident(conn, "12345-1", channel="hotline")
    patrol = add_incident(conn, "patrol-1", channel="patrol", at=T0 + 3 * DAY, offset_m=(20, 10))
    app = add_incident(conn, "app-1", channel="app", at=T0 + 4 * DAY, offset_m=(-30, 0))
    assert link_repeats(conn, now=T0 + 5 * DAY) == [(patrol, first), (app, first)]
    assert repeats_of(conn, first) == [patrol, app]
    event = case_history(conn, patrol)[-1]
    assert (event["action"], event["from_state"], event["to_state"], event["by_person_id"]) == (
        "link_repeat", "reported", "reported", None)
    assert event["details"] == {"repeat_of": first}


@pytest.mark.parametrize("change, linked", [
    ({"offset_m": (0, 45)}, True), ({"offset_m": (0, 55)}, False),          # 50 m
    ({"at": T0 + 45 * DAY}, True),                                           # open: the period does not matter
    ({"category": "T102"}, False), ({"grid": 2}, False),
])
def test_distance_and_category_decide(conn, world, change, linked):
    first = add_incident(conn, "first")
    again = add_incident(conn, "again", **{"at": T0 + DAY, **change})
    assert link_repeats(conn, now=T0 + 60 * DAY) == ([(again, first)] if linked else [])


def _closed(conn, case_id, at):
    for action in ("accept", "dispatch", "report", "verify"):
        act(conn, case_id, action, "D1", now=at)


@pytest.mark.parametrize("days_later, linked", [(29, True), (31, False)])
def test_a_closed_case_is_repeated_within_the_period_only(conn, world, days_later, linked):
    first = add_incident(conn, "closed")
    _closed(conn, first, T0 + hours(2))
    again = add_incident(conn, "later", at=T0 + days_later * DAY)
    assert link_repeats(conn, now=T0 + 60 * DAY) == ([(again, first)] if linked else [])


def test_rejected_reports_are_not_repeated_and_the_earliest_match_wins(conn, world):
    rejected = add_incident(conn, "rejected")
    act(conn, rejected, "reject", "D1", now=T0)
    earliest = add_incident(conn, "earliest", at=T0 + hours(1))
    middle = add_incident(conn, "middle", at=T0 + hours(2))
    last = add_incident(conn, "last", at=T0 + hours(3))
    assert link_repeats(conn, now=T0 + DAY) == [(middle, earliest), (last, earliest)]


def test_each_incident_is_examined_once_and_not_before_it_was_reported(conn, world):
    first = add_incident(conn, "one")
    future = add_incident(conn, "two", at=T0 + 10 * DAY)
    assert tick(conn, T0 + DAY)["repeats_linked"] == []
    assert tick(conn, T0 + 11 * DAY)["repeats_linked"] == [(future, first)]
    assert tick(conn, T0 + 11 * DAY)["repeats_linked"] == []
    assert [e["action"] for e in case_history(conn, future)] == ["link_repeat"]
