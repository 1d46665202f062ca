"""Grid member load on a hand-computed case, read at T0 + 60 h (T101: 24 h limit, urgent; T2: 72 h).

M1 (grid 001, 100 households): c1 T101 dispatched at T0, red: 2 × 2 = 4; c2 T2 dispatched at T0,
60 of 72 h used, yellow: 1 × 1.5; c3 T2 dispatched at +50 h, green but under supervision: (1 + 1) × 1.
M2 (grid 002, 300 households): c4 T2 reported back at +10 h, waiting for verification: 0.5; an
incident 400 days old, outside the 12 months. M3 (grid 003, 200 households): a rejected report only.
"""
import pytest

from grids.cases import workload
from grids.cases.loop import act
from tests.cases import GRID, T0, add_incident, hours, load_world

NOW = T0 + hours(60)


def case(conn, ref, grid, category, dispatched_at, *more):
    incident = add_incident(conn, ref, grid=grid, category=category, offset_m=(len(ref) * 100.0, 0.0))
    for action, at, by in [("accept", dispatched_at, "D1"), ("dispatch", dispatched_at, "D1"), *more]:
        act(conn, incident, action, by, now=T0 + hours(at))
    return incident


@pytest.fixture
def loads(conn):
    load_world(conn)
    with conn.cursor() as cur:
        for n, households in ((1, 100), (2, 300), (3, 200)):
            cur.execute("UPDATE cell SET households = %s, population = %s WHERE code = %s",
                        (households, households * 3, GRID[n]))
    case(conn, "c1", 1, "T101", 0)
    case(conn, "c22", 1, "T2", 0)
    case(conn, "c333", 1, "T2", 50, ("supervise", 51, "D1"))
    case(conn, "c4", 2, "T2", 0, ("report", 10, "M2"))
    add_incident(conn, "old", grid=2, at=T0 - hours(400 * 24))
    act(conn, add_incident(conn, "no", grid=3), "reject", "D1", now=T0 + hours(1))
    return {m["code"]: m for m in workload.member_loads(conn, now=NOW)}


def test_open_cases_are_weighted_by_severity_and_lateness(loads):
    m1, m2, m3 = loads["M1"], loads["M2"], loads["M3"]
    assert (m1["open_cases"], m1["open_weighted"], m1["overdue"]) == (3, 4 + 1.5 + 2, 1)
    assert (m2["open_cases"], m2["open_weighted"], m2["overdue"]) == (1, 0.5, 0)
    assert (m3["open_cases"], m3["open_weighted"], m3["overdue"]) == (0, 0, 0)


def test_intake_counts_twelve_calendar_months_of_the_members_grids(loads):
    m1, m2 = loads["M1"], loads["M2"]
    assert list(m1["cases_per_month"]) == [f"2024-{m:02d}" for m in range(4, 13)] + ["2025-01", "2025-02", "2025-03"]
    assert m1["cases_per_month"]["2025-03"] == 3 and sum(m1["cases_per_month"].values()) == 3
    assert sum(m2["cases_per_month"].values()) == 1 and loads["M3"]["avg_cases_per_month"] == 0
    assert (m1["grids"], m1["households"], m1["population"]) == ([GRID[1]], 100, 300)


def test_the_load_index_is_relative_to_the_average_member(loads):
    # means: open weighted 8/3, cases per month 1/9, households 200
    expected = {"M1": 0.5 * 7.5 * 3 / 8 + 0.3 * (3 / 12) * 9 + 0.2 * 100 / 200,
                "M2": 0.5 * 0.5 * 3 / 8 + 0.3 * (1 / 12) * 9 + 0.2 * 300 / 200,
                "M3": 0.2 * 200 / 200}
    assert {code: m["load_index"] for code, m in loads.items()} == pytest.approx(expected, abs=1e-4)
    assert sorted(loads, key=lambda code: -loads[code]["load_index"]) == ["M1", "M2", "M3"]
    assert sum(m["load_index"] for m in loads.values()) == pytest.approx(3)


def test_when_nobody_has_any_work_everyone_is_average(conn):
    load_world(conn)
    assert [m["load_index"] for m in workload.member_loads(conn, now=NOW)] == [1.0, 1.0, 1.0]
