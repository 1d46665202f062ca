"""KPI formulas on a small hand-computed year: eight incidents in grid 001, one in grid 002, moved
through the real case loop with the case clock, the KPIs read at T0 + 48 h.

Grid 001 (member M1), T101 has a 24 h limit, T2 72 h:
  a  closed on time at grid level (report +10 h, verify +12 h), rated satisfied
  b  reported back late (+30 h > 24 h), verified +31 h, rated dissatisfied
  c  in progress, past its 24 h limit at +48 h: open and overdue
  d  T2, dispatched, 48 of 72 h used: open, not due yet
  e  rejected
  f  reported, nobody has answered yet
  g  10 m from a an hour later: a repeat of a; accepted, then voided as a duplicate
  h  escalated by M1 to the community at +5 h (new 24 h clock), closed there at +20 h, basically satisfied
Grid 002 (M2): one case closed on time at grid level. Grids 003 and 004 receive nothing.
"""
import pytest

from grids.cases import kpi
from grids.cases.loop import act
from grids.incidents import repeats
from tests.cases import GRID, T0, add_incident, hours, load_world

NOW = T0 + hours(48)
HANDLED = [("accept", 0, "D1"), ("dispatch", 0, "D1"), ("start", 1, "M1")]
STORY = {
    "a": (0, "T101", HANDLED + [("report", 10, "M1"), ("verify", 12, "D1"), ("rate", 13, "D1", "satisfied")]),
    "b": (-300, "T101", HANDLED + [("report", 30, "M1"), ("verify", 31, "D1"), ("rate", 32, "D1", "dissatisfied")]),
    "c": (-200, "T101", HANDLED),
    "d": (-100, "T2", HANDLED[:2]),
    "e": (100, "T101", [("reject", 1, "D1")]),
    "f": (200, "T101", []),
    "g": (10, "T101", [("accept", 2, "D1"), ("void", 3, "D1")]),
    "h": (300, "T101", HANDLED + [("escalate", 5, "M1"), ("start", 6, "C1"), ("report", 18, "C1"),
                                  ("verify", 20, "D1"), ("rate", 21, "D1", "basically_satisfied")]),
}


def play(conn, incident, steps):
    for action, at, by, *rating in steps:
        act(conn, incident, action, by, now=T0 + hours(at), rating=rating[0] if rating else None)


@pytest.fixture
def year(conn):
    load_world(conn)
    ids = {}
    for ref, (east, category, steps) in STORY.items():
        reported = T0 + hours(1) if ref == "g" else T0
        ids[ref] = add_incident(conn, ref, category=category, at=reported, offset_m=(east, 0.0))
        play(conn, ids[ref], steps)
    ids["other"] = add_incident(conn, "other", grid=2, category="T101")
    play(conn, ids["other"], [("accept", 0, "D1"), ("dispatch", 0, "D1"), ("report", 3, "M2"), ("verify", 4, "D1")])
    assert repeats.link_repeats(conn, NOW) == [(ids["g"], ids["a"])]
    return ids


def by_code(rows):
    return {row["code"]: row for row in rows}


def test_grid_kpis_match_the_hand_computed_year(conn, year):
    grid = by_code(kpi.kpis_by_level(conn, "grid", now=NOW))[GRID[1]]
    assert grid["received"] == 8
    assert grid["accepted"] == 6                          # a b c d g h
    assert grid["response_rate"] == 7 / 8                 # all but f
    assert grid["on_time_rate"] == 2 / 4                  # a h on time; b late; c open past its limit
    assert grid["resolution_rate"] == 2 / 5               # a h of a b c d h (g voided, b dissatisfied)
    assert grid["satisfaction_rate"] == 2 / 3             # a h of a b h
    assert grid["repeat_rate"] == 1 / 8                   # g
    assert (grid["backlog_open"], grid["backlog_overdue"]) == (3, 1)   # c d f; c
    assert grid["avg_handling_hours"] == pytest.approx((12 + 31 + 20) / 3)
    assert grid["closed"] == 3
    assert (grid["closed_share_grid"], grid["closed_share_community"]) == (2 / 3, 1 / 3)
    assert grid["closed_share_street"] == 0 and grid["closed_share_department"] == 0


def test_an_open_case_counts_against_on_time_only_once_past_its_limit(conn, year):
    at_limit = kpi.kpis_for_cell(conn, GRID[1], now=T0 + hours(24))          # c at exactly 100 %: not yet
    assert (at_limit["on_time_rate"], at_limit["backlog_overdue"]) == (2 / 3, 0)
    past = kpi.kpis_for_cell(conn, GRID[1], now=T0 + hours(24) + hours(1 / 60))
    assert (past["on_time_rate"], past["backlog_overdue"]) == (2 / 4, 1)
    later = kpi.kpis_for_cell(conn, GRID[1], now=T0 + hours(80))              # d (72 h) overdue too
    assert (later["on_time_rate"], later["backlog_overdue"]) == (2 / 5, 2)


def test_a_suspended_case_is_judged_by_its_standing_clock(conn, year):
    act(conn, year["d"], "suspend", "D1", now=NOW)                            # 48 of 72 h used, then stands
    assert kpi.kpis_for_cell(conn, GRID[1], now=T0 + hours(200))["backlog_overdue"] == 1   # c only


def test_a_late_case_reported_back_stays_late_after_verification(conn, year):
    act(conn, year["c"], "report", "M1", now=NOW)
    act(conn, year["c"], "verify", "D1", now=NOW + hours(1))
    grid = kpi.kpis_for_cell(conn, GRID[1], now=NOW + hours(2))
    assert grid["on_time_rate"] == 2 / 4 and grid["backlog_overdue"] == 0 and grid["closed"] == 4


def test_every_cell_of_a_level_is_listed_and_empty_ones_have_no_rates(conn, year):
    grids = by_code(kpi.kpis_by_level(conn, "grid", now=NOW))
    assert list(grids) == [GRID[n] for n in (1, 2, 3, 4)]
    empty = grids[GRID[4]]
    assert empty["received"] == 0 and empty["response_rate"] is None and empty["closed_share_grid"] is None
    assert grids[GRID[2]]["on_time_rate"] == 1 and grids[GRID[2]]["satisfaction_rate"] is None


def test_higher_levels_add_up_their_grids(conn, year):
    community = kpi.kpis_by_level(conn, "community", now=NOW)
    assert [(c["code"], c["name"]) for c in community] == [("370212001001", "社区")]
    row = community[0]
    assert row["received"] == 9 and row["on_time_rate"] == 3 / 5 and row["closed_share_grid"] == 3 / 4
    assert kpi.kpis_by_level(conn, "district", now=NOW)[0]["received"] == 9
    assert [g["code"] for g in kpi.kpis_by_level(conn, "grid", now=NOW, within=GRID[2])] == [GRID[2]]


def test_the_window_selects_by_report_time(conn, year):
    late = kpi.kpis_for_cell(conn, GRID[1], since=T0 + hours(0.5), until=T0 + hours(2), now=NOW)
    assert late["received"] == 1 and late["repeat_rate"] == 1 and late["resolution_rate"] is None   # g
    assert kpi.kpis_for_cell(conn, GRID[1], until=T0, now=NOW)["received"] == 0


@pytest.mark.parametrize("filters, grid_1, grid_2", [
    ({"category": "T1"}, 8, 1),                  # a 大类 takes its 小类: the seven T101 cases and x (T102)
    ({"category": "T101"}, 7, 1),
    ({"category": "T2"}, 1, 1),                  # d, y
    ({"channel": "app"}, 1, 1),                  # x, y
    ({"channel": "hotline", "category": "T1"}, 7, 1),
])
def test_category_and_channel_count_only_their_incidents(conn, year, filters, grid_1, grid_2):
    add_incident(conn, "x", category="T102", channel="app")
    add_incident(conn, "y", grid=2, category="T2", channel="app")
    grids = by_code(kpi.kpis_by_level(conn, "grid", now=NOW, **filters))
    assert (grids[GRID[1]]["received"], grids[GRID[2]]["received"]) == (grid_1, grid_2)
    assert kpi.kpis_for_cell(conn, GRID[1], now=NOW, **filters)["received"] == grid_1
    district = kpi.kpis_by_level(conn, "district", now=NOW, **filters)[0]
    assert district["received"] == grid_1 + grid_2


def test_a_filter_keeps_the_rates_of_its_cases(conn, year):
    add_incident(conn, "x", category="T102", channel="app")
    only_d = kpi.kpis_for_cell(conn, GRID[1], now=NOW, category="T2")
    assert (only_d["received"], only_d["backlog_open"], only_d["backlog_overdue"]) == (1, 1, 0)
    only_x = kpi.kpis_for_cell(conn, GRID[1], now=NOW, channel="app")
    assert (only_x["received"], only_x["response_rate"], only_x["backlog_open"]) == (1, 0, 1)


def test_a_person_answers_for_the_cases_they_handle(conn, year):
    m1 = kpi.kpis_for_person(conn, "M1", now=NOW)
    assert (m1["code"], m1["received"], m1["on_time_rate"], m1["backlog_overdue"]) == ("M1", 4, 1 / 3, 1)   # a b c d
    c1 = kpi.kpis_for_person(conn, "C1", now=NOW)
    assert (c1["received"], c1["closed_share_community"], c1["satisfaction_rate"]) == (1, 1, 1)   # h
    assert kpi.kpis_for_person(conn, "S1", now=NOW)["received"] == 0
    assert {p["code"] for p in kpi.kpis_by_person(conn, now=NOW)} == {"M1", "M2", "C1"}


def test_the_district_counts_unplaced_incidents_and_direct_answers_and_the_streets_do_not(conn):
    load_world(conn)
    placed = add_incident(conn, "placed")
    unplaced = [add_incident(conn, f"unplaced{n}") for n in range(3)]
    with conn.cursor() as cur:      # the review queue's incidents: no cell at any level
        cur.execute("UPDATE incident SET district_code = NULL, street_code = NULL, community_code = NULL, "
                    "grid_code = NULL, placement_method = NULL, unplaced_reason = 'address_not_found' "
                    "WHERE id = ANY(%s)", (unplaced,))
    act(conn, unplaced[0], "answer", "D1", now=T0 + hours(1), note="已解答")         # 直接解答
    play(conn, placed, HANDLED + [("report", 2, "M1"), ("verify", 3, "D1")])
    district = kpi.kpis_for_cell(conn, "370212", now=NOW)
    street = kpi.kpis_for_cell(conn, "370212001", now=NOW)
    assert (district["received"], street["received"]) == (4, 1)
    assert (district["closed"], district["closed_share_direct"], district["closed_share_grid"]) == (2, 0.5, 0.5)
    assert (street["closed"], street["closed_share_direct"]) == (1, 0.0)
    assert [r["received"] for r in kpi.kpis_by_level(conn, "district", now=NOW)] == [4]
