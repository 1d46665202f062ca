"""The warm start: the page's quick windows as command.js computes them, and after warming, the map's
first questions (counts, a level's KPIs, every member's load) are answered from memory."""
import datetime as dt

import pytest

from grids import clock
from grids.mapview import cache, queries, warm_start
from tests.cases import DISTRICT, GRID
from tests.map_world import NOW, load_map_world


@pytest.fixture
def world(conn):
    cache.forget()
    load_map_world(conn)
    yield conn
    cache.forget()


def _day(text):
    return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), clock.SHANGHAI)


def test_quick_windows_are_the_pages_whole_days():
    windows = warm_start.quick_windows(dt.datetime(2026, 3, 15, 23, 30, tzinfo=clock.SHANGHAI))
    tomorrow = _day("2026-03-16")
    assert windows == {"today": (_day("2026-03-15"), tomorrow), "7d": (_day("2026-03-09"), tomorrow),
                       "30d": (_day("2026-02-14"), tomorrow), "year": (_day("2026-01-01"), tomorrow),
                       "12m": (_day("2025-03-16"), tomorrow)}


def _names(questions):
    return sorted(name for name, _ in questions)


def test_after_warming_the_first_questions_are_answered_from_memory(world):
    conn = world
    assert cache.held() == []
    warm_start.warm(conn, NOW)
    held = cache.held()
    names = _names(held)
    assert names.count("member_loads") == 1
    assert {key[0] for name, key in held if name == "kpis_by_level"} == set(warm_start.KPI_LEVELS)
    windows = warm_start.quick_windows(NOW)
    assert names.count("kpis_by_level") == len(warm_start.KPI_LEVELS) * len(set(windows.values()))
    assert names.count("finest_counts") >= len(set(windows.values()))

    since, until = windows["30d"]
    asked = queries.Filters(scope=(DISTRICT,), now=NOW, since=since, until=until)
    district = queries.kpis_for_cell(conn, DISTRICT, asked)
    grid = queries.kpis_for_cell(conn, GRID[1], asked)
    queries.hot_cells(conn, "grid", asked)
    queries.loads(conn, (DISTRICT,), NOW)
    after = _names(cache.held())
    for name in ("kpis_by_level", "finest_counts", "member_loads"):     # nothing of these computed anew
        assert after.count(name) == names.count(name), name
    assert district["received"] == 4 and grid["received"] == 2


def test_warming_again_keeps_what_is_fresh(world):
    conn = world
    warm_start.warm(conn, NOW)
    first = cache.held()
    since, until = warm_start.quick_windows(NOW)["year"]
    table = queries.level_kpis(conn, "grid", queries.Filters(scope=None, now=NOW, since=since, until=until))
    warm_start.warm(conn, NOW)
    assert sorted(map(repr, cache.held())) == sorted(map(repr, first))
    assert queries.level_kpis(conn, "grid", queries.Filters(scope=None, now=NOW, since=since, until=until)) is table


def test_the_pages_first_view_is_warmed_first(world):
    warm_start.warm(world, NOW)
    since, until = warm_start.quick_windows(NOW)[warm_start.FIRST_WINDOW]
    first = cache.held()[:2 + len(warm_start.KPI_LEVELS)]          # least recently used first
    assert [name for name, _ in first] == ["finest_counts"] * 2 + ["kpis_by_level"] * len(warm_start.KPI_LEVELS)
    asked = dict(first[0][1])
    assert (asked["since"], asked["until"]) == (since, until)
