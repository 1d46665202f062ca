"""Warm start: the answers the command page asks first, computed before anybody asks.

Concept: the map's heavy questions — a year of a million incidents counted per cell, a level's KPIs
over that year, every grid member's load — take 0.5–1.5 s the first time and are then answered from
memory (:mod:`grids.mapview.cache`). A server that has just started holds none of them, so the first
visitor to choose "this year" would wait. The **warmer** asks them itself, in a background thread
started once the server listens (:func:`start`): every level's geometry, every member's load, and for
each **quick window** of the page (today, 7 days, 30 days, this year, 12 months, computed from the
app's clock as ``static/js/command.js`` does) the counts per cell of the window and of the window
before it (the hot-cells list compares the two) and the KPIs of the district, street, community and
grid levels, without category or channel. These answers serve every account and drill-down: counts
and KPI tables are kept per level, not per scope, and the GeoJSON answers are assembled from them in
milliseconds. A request that arrives while warming computes its question or waits for the warmer
(one computes, the others wait: :func:`grids.mapview.cache.remembered`), as it would without it.

**Keeping warm**: every :data:`KEEP_WARM_SECONDS` the warmer asks again. What is still fresh costs a
version query; what has expired (a new incident or transition, the minute of "now", the cache's age
limit) is computed again in the warmer's thread, one question after the other
(:func:`grids.mapview.cache.computing_in_place`), so the answers a visitor gets stay at most that many
seconds plus a pass old, within the stale answers a server allows (``gridgov serve``: 120 s).
"""
import dataclasses
import datetime as dt
import logging
import threading
import time

from gis import db
from grids import clock
from grids.mapview import cache, cell_layers, queries

KPI_LEVELS = ("district", "street", "community", "grid")
FIRST_WINDOW = "30d"                       # the page's default window (command.js: range '30d')
FIRST_LEVELS = ("district", "street", "community")   # the density layer's first level for any account
KEEP_WARM_SECONDS = 90
CONNECTIONS = 1                            # the warmer's thread holds one pooled connection at a time
_log = logging.getLogger(__name__)


def quick_windows(now=None):
    """``{name: (since, until)}`` of the page's quick choices at ``now`` (None: the clock's), as
    ``command.js`` sends them: whole days in Asia/Shanghai, ``until`` the start of tomorrow."""
    today = clock.resolve(now).date()
    days = {"today": 0, "7d": 6, "30d": 29, "12m": 364}
    starts = {name: today - dt.timedelta(days=n) for name, n in days.items()}
    starts["year"] = today.replace(month=1, day=1)
    until = _day_start(today + dt.timedelta(days=1))
    return {name: (_day_start(day), until) for name, day in starts.items()}


def warm(conn, now=None):
    """Ask every question of the warm start once (see the module's docstring); the seconds it took.

    The page's first view comes first — the coarse levels' outlines and the default window
    (:data:`FIRST_WINDOW`) — so a visitor right after a start waits for it alone (on the synthetic city
    under a second of a pass of 5–10 s); then every member's load, the other levels (100,000 micro-grids
    take seconds) and the other windows."""
    started = time.perf_counter()
    now = clock.resolve(now)
    windows = quick_windows(now)
    first = windows.pop(FIRST_WINDOW)
    with cache.computing_in_place():
        for level in FIRST_LEVELS:
            cell_layers.level_cells(conn, level)
        _warm_window(conn, now, *first)
        queries.member_loads(conn, now)
        cell_layers.warm(conn)
        for since, until in windows.values():
            _warm_window(conn, now, since, until)
    return time.perf_counter() - started


def _warm_window(conn, now, since, until):
    """The counts per cell of the window and of the one before it, and the KPIs of each level."""
    window = queries.Filters(scope=None, now=now, since=since, until=until)
    before = dataclasses.replace(window, since=since - (until - since), until=since)
    for filters in (window, before):
        queries.finest_counts(conn, filters)
    for level in KPI_LEVELS:
        queries.level_kpis(conn, level, window)


def start(now=None, keep_warm_seconds=KEEP_WARM_SECONDS):
    """Warm in a daemon thread on a connection of its own, then again every ``keep_warm_seconds``
    (None: once). ``now``: the app's clock (None: the real time, read anew on every pass)."""
    thread = threading.Thread(target=_keep_warm, args=(now, keep_warm_seconds), name="gridgov-map-warmer",
                              daemon=True)
    thread.start()
    return thread


def _keep_warm(now, keep_warm_seconds):
    while True:
        try:
            with db.connect() as conn:
                seconds = warm(conn, now)
                _log.info("map answers warmed in %.1f s; %d held", seconds, len(cache.held()))
        except Exception:                  # a failed pass leaves the answers as they were; the next one retries
            _log.exception("warming the map's answers failed")
        if keep_warm_seconds is None:
            return
        time.sleep(keep_warm_seconds)


def _day_start(day):
    return dt.datetime.combine(day, dt.time(), clock.SHANGHAI)
