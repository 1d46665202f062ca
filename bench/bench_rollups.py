"""Benchmark of the incident roll-up (docs/rollups.md): reads from it beside the same reads from the
incidents, and what its triggers cost the writes, on one case store in one run.

Run: ``.venv/bin/python -m bench.bench_rollups [--count N [--buildings N] | --store NAME] [--repeat N]``

The store: with ``--count N``, a fresh case store of N incidents built as ``bench.bench_cases`` builds
it (scratch database ``gridgov_bench_rollups``); with ``--store NAME``, an existing one of the embedded
cluster (``gridgov_bench_cases``, made by ``python -m bench.bench_cases``), migrated here — when this run
applies migration 030 or 031, the fill of the roll-up from its incidents is timed.

1. **Reads**, each twice: as served (from the roll-up; a window without a whole month from the incidents
   either way) and from the incidents alone (the queries before
   it, ``from_incidents=True`` / no ``rollup_rows``): KPIs of every grid, community and street over the
   year, over 30 days whose ends fall inside months, and over the year with a category filter; the
   counts per grid of the map's density (the cells endpoint's counting) for the year and the 30 days, with
   and without a status filter. Each a first request (the map's answer memory emptied; the database's
   buffers as the last query left them), median of ``--repeat``; and the cells endpoint's whole answer
   for the grids of the year (``grids.mapview.queries.cells``), first request.
2. **Writes**, rolled back: 100,000 incidents added in one statement to a copy of the table without
   indexes, with the roll-up's trigger and without (its own cost, without the index upkeep that
   dominates the real table): copies of stored ones as they stand (a year, every state: the worst case,
   keys hardly repeat) and as one day's new tickets (the daily import); 200 single transitions, with
   the triggers and with them disabled (the intake end to end with and without them:
   ``bench.bench_incidents`` on a tree with and without migration 030).
3. **Size**: the roll-up's rows beside the incidents'.
"""
import argparse
import datetime as dt
import os
import statistics
import time

from bench.bench_cases import NOW, YEAR, build_store
from bench.common import machine, median_seconds, named_scratch_database, table
from bench.synthetic_city import add_buildings_argument
from gis import db, embedded, migrate
from grids.cases import loop
from grids.cases.kpi import kpis_by_level
from grids.clock import SHANGHAI
from grids.incidents import rollup
from grids.mapview import cache, queries, rollup_counts

DATABASE = "gridgov_bench_rollups"
DAYS_30 = {"since": dt.datetime(2025, 5, 17, tzinfo=SHANGHAI), "until": dt.datetime(2025, 6, 16, tzinfo=SHANGHAI),
           "now": NOW}
COPIED, TRANSITIONS = 100_000, 200


def bench_kpis(results, repeat):
    category = _busiest_category()
    runs = [("grid", "whole year", YEAR, None), ("community", "whole year", YEAR, None),
            ("street", "whole year", YEAR, None), ("grid", "30 days (05-17 … 06-16)", DAYS_30, None),
            ("grid", f"whole year, category {category}", YEAR, category)]
    with db.connect() as conn:
        for level, label, window, chosen in runs:
            for source, from_incidents in (("incidents", True), ("roll-up", False)):
                seconds, rows = median_seconds(lambda: kpis_by_level(conn, level, **window, category=chosen,
                                                                     from_incidents=from_incidents), repeat)
                results.append((f"KPIs, every {level}, {label}: from the {source}", seconds, len(rows), "rows"))


def bench_counts(results, repeat):
    year = {k: dt.datetime.fromisoformat(v) for k, v in YEAR.items() if k != "now"}
    windows = [("whole year", year, None), ("30 days", DAYS_30, None), ("whole year, status closed", year, "closed"),
               ("30 days, status open", DAYS_30, "open")]
    with db.connect() as conn:
        for label, window, status in windows:
            filters = queries.Filters(scope=None, now=NOW, since=window["since"], until=window["until"], status=status)
            for source, rows in (("incidents", None), ("roll-up", rollup_counts.grain("grid", filters))):
                def first_request():
                    cache.forget()
                    return queries.finest_counts(conn, filters, rows)
                seconds, counted = median_seconds(first_request, repeat)
                results.append((f"map counts per cell, {label}: from the {source}", seconds, len(counted), "codes"))
        with conn.cursor() as cur:
            cur.execute("SELECT array_agg(DISTINCT code) FROM cell WHERE level = 'district'")
            districts = tuple(cur.fetchone()[0])
        filters = queries.Filters(scope=districts, now=NOW, since=year["since"], until=year["until"])
        times = []
        for _ in range(repeat):
            cache.forget()
            queries.member_loads(conn, NOW)        # computed before a server listens (gridgov serve)
            started = time.perf_counter()
            queries.cells(conn, "grid", filters)
            times.append(time.perf_counter() - started)
        results.append(("cells endpoint's answer, every grid, whole year (counts, KPIs), first request",
                        statistics.median(times), None, None))


def bench_writes(results):
    conn = db.open_connection(role=db.OWNER)
    try:
        with conn.cursor() as cur:
            for label, copies in (("a year's tickets as they stand", _YEAR_SQL), ("one day's new tickets", _DAY_SQL)):
                cur.execute(copies, {"count": COPIED})
                for trigger in (False, True):
                    seconds, added = _insert_bare(cur, trigger)
                    results.append((f"INSERT of {added:,} incidents ({label}) into a copy of the table without "
                                    f"indexes, {'with' if trigger else 'without'} the roll-up's trigger",
                                    seconds, added, "incidents"))
                cur.execute("DROP TABLE copied, bare")
        conn.rollback()
        for label, enabled in (("with the roll-up's triggers", True), ("triggers disabled", False)):
            with conn.cursor() as cur:
                if not enabled:
                    cur.execute("ALTER TABLE incident DISABLE TRIGGER incident_rollup_update")
                times = _transitions(conn, cur)
                results.append((f"one transition, median of {len(times)}, {label}: "
                                f"{statistics.median(times) * 1000:.2f} ms", statistics.median(times), None, None))
            conn.rollback()
    finally:
        conn.close()


def _insert_bare(cur, trigger):
    """Seconds to add the copies to a table like incident without indexes (the trigger's own cost beside
    the insert's, without the index upkeep that dominates the real table), and their number."""
    cur.execute("DROP TABLE IF EXISTS bare; CREATE TEMP TABLE bare (LIKE incident)")
    if trigger:
        cur.execute("CREATE TRIGGER bare_rollup AFTER INSERT ON bare REFERENCING NEW TABLE AS new_rows "
                    "FOR EACH STATEMENT EXECUTE FUNCTION incident_rollup_keep()")
    started = time.perf_counter()
    cur.execute("INSERT INTO bare SELECT * FROM copied")
    return time.perf_counter() - started, cur.rowcount


# Copies of stored incidents: as they stand (a year, every state: keys hardly repeat within one statement,
# the worst case), or as one day's new tickets (reported on 2025-06-15, not yet answered: the daily import).
_YEAR_SQL = "CREATE TEMP TABLE copied AS SELECT * FROM incident ORDER BY id LIMIT %(count)s"
_DAY_SQL = """
CREATE TEMP TABLE copied AS SELECT * FROM incident ORDER BY id LIMIT %(count)s;
UPDATE copied SET reported_at = '2025-06-15T00:00:00+08:00'::timestamptz + (id %% 86400) * interval '1 second',
                  status = 'reported', responded_at = NULL, deadline = NULL, clock_paused_at = NULL, rating = NULL,
                  repeat_of = NULL, handler_level = NULL, closed_at = NULL;
"""


def _transitions(conn, cur):
    cur.execute("SELECT id, handler_person_id FROM incident WHERE status = ANY(%s) AND handler_person_id IS NOT NULL "
                "ORDER BY id LIMIT %s", (list(loop.RUNNING), TRANSITIONS))
    times = []
    for k, (case_id, handler) in enumerate(cur.fetchall()):
        started = time.perf_counter()
        loop.act(conn, case_id, "report", handler, now=NOW + dt.timedelta(seconds=k), note="bench")
        times.append(time.perf_counter() - started)
    return times


def _busiest_category():
    with db.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT category_code FROM incident_rollup WHERE category_code IS NOT NULL "
                    "GROUP BY 1 ORDER BY sum(received) DESC LIMIT 1")
        found = cur.fetchone()
        return found[0] if found else None


def sizes():
    with db.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM incident), (SELECT count(*) FROM incident_rollup), "
                    "pg_total_relation_size('incident'), pg_total_relation_size('incident_rollup')")
        incidents, rows, incident_bytes, rollup_bytes = cur.fetchone()
    return (f"incidents: {incidents:,} ({incident_bytes / 2**20:,.0f} MB with indexes); roll-up rows: {rows:,} "
            f"({rollup_bytes / 2**20:,.0f} MB), {incidents / max(rows, 1):.1f} incidents a row")


def open_store(args):
    """The store's URL: built fresh (``--count``), or ``--store`` migrated (the roll-up's fill timed)."""
    if args.count:
        url = named_scratch_database(DATABASE, reuse=False)
        build_store([], args.count, args.buildings)
        with db.connect() as conn:
            rollup.compact(conn)                # the case walk's bulk UPDATE left its deltas: a tick folds them
        return url, None
    cluster = embedded.start()
    url = cluster.url(args.store)
    conn = db.open_connection(url)
    try:
        started = time.perf_counter()
        applied = migrate.migrate(conn)
        conn.commit()
    finally:
        conn.close()
    os.environ["GRIDGOV_DATABASE_URL"] = url
    rollups = [name for name in applied if "incident_rollup" in name]
    return url, ((", ".join(rollups), time.perf_counter() - started) if rollups else None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, help="build a fresh case store of this many incidents")
    add_buildings_argument(parser)
    parser.add_argument("--store", default="gridgov_bench_cases", help="else: the case store to time (a database)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _, fill = open_store(args)
    results = []
    if fill is not None:
        results.append((f"migrations {fill[0]}: the roll-up filled from the stored incidents", fill[1], None, None))
    bench_kpis(results, args.repeat)
    bench_counts(results, args.repeat)
    bench_writes(results)
    print(f"machine: {machine()}\n\n{sizes()}\n")
    print(table(results))


if __name__ == "__main__":
    main()
