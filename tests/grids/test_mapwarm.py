"""The warm start: the page's quick windows as command.js computes them, and after warming, the map's
first questions (counts, a level's KPIs, every member's load) are answered from memory."""
import datetime as dt

import pytest

from grids import clock, mapcache, mapdata, mapwarm
from tests.cases import DISTRICT, GRID
from tests.map_world import NOW, load_map_world


@pytest.fixture
def world(conn):
    mapcache.forget()
    load_map_world(conn)
    yield conn
    mapcache.forget()


def _day(text):
    return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), clock.SHANGHAI)


def test_quick_windows_are_the_pages_whole_days():
    windows = mapwarm.quick_windows(dt.datetime(2026, 3, 15, 23, 30, tzinfo=clock.SHANGHAI))
    tomorrow = _day("2026-03-16")
    assert windows == {"today": (_day("2026-03-15"), tomorrow), "7d": (_day("2026-03-09"), tomorrow),
                       "30d": (_day("2026-02-14"), tomorrow), "year": (_day("2026-01-01"), tomorrow),
                       "12m": (_day("2025-03-16"), tomorrow)}


def _names(questions):
    return sorted(name for name, _ in questions)


def test_after_warming_the_first_questions_are_answered_from_memory(world):
    conn = world
    assert mapcache.held() == []
    mapwarm.warm(conn, NOW)
    held = mapcache.held()
    names = _names(held)
    assert names.count("member_loads") == 1
    assert {key[0] for name, key in held if name == "kpis_by_level"} == set(mapwarm.KPI_LEVELS)
    windows = mapwarm.quick_windows(NOW)
    assert names.count("kpis_by_level") == len(mapwarm.KPI_LEVELS) * len(set(windows.values()))
    assert names.count("finest_counts") >= len(set(windows.values()))

    since, until = windows["30d"]
    asked = mapdata.Filters(scope=(DISTRICT,), now=NOW, since=since, until=until)
    district = mapdata.kpis_for_cell(conn, DISTRICT, asked)
    grid = mapdata.kpis_for_cell(conn, GRID[1], asked)
    mapdata.hot_cells(conn, "grid", asked)
    mapdata.loads(conn, (DISTRICT,), NOW)
    after = _names(mapcache.held())
    for name in ("kpis_by_level", "finest_counts", "member_loads"):     # nothing of these computed anew
        assert after.count(name) == names.count(name), name
    assert district["received"] == 4 and grid["received"] == 2


def test_warming_again_keeps_what_is_fresh(world):
    conn = world
    mapwarm.warm(conn, NOW)
    first = mapcache.held()
    since, until = mapwarm.quick_windows(NOW)["year"]
    table = mapdata.level_kpis(conn, "grid", mapdata.Filters(scope=None, now=NOW, since=since, until=until))
    mapwarm.warm(conn, NOW)
    assert sorted(map(repr, mapcache.held())) == sorted(map(repr, first))
    assert mapdata.level_kpis(conn, "grid", mapdata.Filters(scope=None, now=NOW, since=since, until=until)) is table


def test_the_pages_first_view_is_warmed_first(world):
    mapwarm.warm(world, NOW)
    since, until = mapwarm.quick_windows(NOW)[mapwarm.FIRST_WINDOW]
    first = mapcache.held()[:2 + len(mapwarm.KPI_LEVELS)]          # least recently used first
    assert [name for name, _ in first] == ["finest_counts"] * 2 + ["kpis_by_level"] * len(mapwarm.KPI_LEVELS)
    asked = dict(first[0][1])
    assert (asked["since"], asked["until"]) == (since, until)
