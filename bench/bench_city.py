"""Benchmark of a whole city: Chengdu size (20 districts, 4,000 communities, 40,000 grids, 1,000,000
building micro-grids, 10,000,000 incidents over 2022–2025 with their cases), every figure of issue 20's
"fast at city scale" beside its anchor measured in the same run.

Run: ``.venv/bin/python -m bench.bench_city [--scale S] [--reuse] [--repeat N] [--seconds S] [--loads N]
[--no-browser]`` (scratch database ``gg_city_bench`` in the embedded cluster, made again unless ``--reuse``
keeps the last one; or ``GRIDGOV_BENCH_DATABASE_URL``). ``--scale 0.01``: a smoke run (100,000
incidents, one district).

1. **Build** (``bench.city_cells``, ``bench.city_incidents``): cells by COPY in one generation, a person
   per grid, community, street and district, incidents and their case state by binary COPY.
2. **Command page, cold and warm**, in a fresh process (the app through the Flask test client, signed in
   as command staff of the city — or of the first district when the hierarchy has no city level): every
   request asked once with the answer memory (``grids.mapview.cache``) empty — cold: the first ask of
   that window and filter — then ``--repeat`` times warm. Windows: 30 days, 12 months, a past month
   (June 2024), all four years; filters: a category, a channel, open and overdue cases.
3. **KPIs** (``grids.cases.kpi.kpis_by_level``): every grid of one district over 2025, every grid of the
   city; first call and median of ``--repeat``.
4. **Anchors**: counts per grid per month over every row in PostgreSQL (``count … GROUP BY``, the time
   index) and in DuckDB over the same rows (copied in, untimed); the KPI counts for every grid over
   2025 in DuckDB; ``ST_AsMVT`` of a tile straight from SQL beside ``/api/v1/tiles``.
5. **Browser and load**: ``gridgov serve --demo`` on the store; headless Chromium's first map
   (``bench.web_browser``); 20 signed-in clients for ``--seconds`` (``bench.web_load``): p50/p95.
6. **Intake into the big store**: a patrol file of 10 % of the store's size (1,000,000 at scale 1)
   through ``gridgov incidents import``'s code, beside its floor: a binary COPY of the same rows back
   into the same table with its indexes (the intake's rows deleted first, in a transaction rolled back).
"""
import argparse
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import city_anchors, city_cells, city_incidents, city_requests
from bench.common import machine, named_scratch_database, table
from gis import db

DATABASE = "gg_city_bench"
FULL_INCIDENTS = 10_000_000


def build(scale, progress=print):
    """Build the city at ``scale`` into the (empty, migrated) store; ``[(step, seconds, count, unit)]``."""
    from etl.incidents.importing import ensure_categories

    steps = []
    started = time.perf_counter()
    cells = city_cells.build_cells(scale)
    steps.append(("make the cells (numpy, shapely)", time.perf_counter() - started, len(cells), "cells"))
    with db.connect(role=db.OWNER) as conn:
        started = time.perf_counter()
        generation = city_cells.load_cells(conn, cells)
        people = city_cells.load_people(conn, cells)
        ensure_categories(conn)
        steps.append(("COPY the cells (one generation, published) and people", time.perf_counter() - started,
                      len(cells), "cells"))
        drawer = city_incidents.Drawer(cells, city_incidents.read_categories(conn), people, generation)
    count = round(FULL_INCIDENTS * scale)
    conn = db.open_connection(role=db.OWNER)
    try:
        times = city_incidents.load_incidents(conn, drawer, count, progress)
    finally:
        conn.close()
    steps.append(("binary COPY of the incidents with their cases", times["copy"], count, "incidents"))
    steps.append(("  then the incident table's secondary indexes built", times["indexes"], count, "incidents"))
    started = time.perf_counter()
    vacuum_analyze()
    steps.append(("VACUUM ANALYZE", time.perf_counter() - started, None, None))
    return steps


def vacuum_analyze():
    """Fold the roll-up's deltas when the store keeps one (as the tick does), then VACUUM ANALYZE."""
    conn = db.open_connection(role=db.OWNER)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT to_regproc('incident_rollup_compact') IS NOT NULL")
            if cur.fetchone()[0]:
                cur.execute("SELECT incident_rollup_compact()")
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()


def store_size():
    with db.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM incident), (SELECT count(*) FROM cell WHERE generation_high IS NULL)")
        return cur.fetchone()


def anchors(ctx):
    """``{name: (seconds, count)}`` of the anchors (``bench.city_anchors``), printed as a table."""
    found = city_anchors.postgres_counts()
    duck, copied = city_anchors.duckdb_anchors(city_incidents.NOW)
    found += duck
    for layer, level, z in (("grids", "grid", 13), ("microgrids", "microgrid", 16)):
        x, y = city_requests.tile_of(*ctx["centre"], z)
        seconds, size = city_anchors.raw_tile(level, layer, z, x, y)
        found.append((f"raw ST_AsMVT (cell_tile.sql), {layer} z{z}: {size:,} bytes", seconds, None))
    print(f"\n| anchor (median of {city_anchors.REPEAT}) | ms | groups |\n|---|---:|---:|")
    for what, seconds, groups in found:
        print(f"| {what} | {seconds * 1000:,.1f} | {groups or ''} |")
    print(f"\n(the rows copied into DuckDB in {copied:.0f} s, untimed)")
    return {what: seconds for what, seconds, _ in found}


def load_mix(ctx):
    """``[(kind, weight, [paths])]`` for the 20 clients: the page's first view most, then drill-downs,
    other windows, filters and tiles."""
    requests = city_requests.page_requests(ctx, category="0101")
    kinds = {"first view": (40, lambda w: w.startswith("30 days:") and "of the city" in w),
             "drill-down": (20, lambda w: w.startswith("30 days:") and ("district" in w or "micro-grids" in w)),
             "other windows": (15, lambda w: w.split(":")[0] in ("12 months", "June 2024")),
             "filters": (10, lambda w: w.startswith("30 days, ")),
             "loads": (5, lambda w: w.startswith("loads")),
             "tiles": (10, lambda w: w.startswith("MVT"))}
    return [(kind, weight, [path for what, path in requests if wanted(what)]) for kind, (weight, wanted) in kinds.items()]


def browser_and_load(url, ctx, loads, seconds):
    """``gridgov serve --demo`` on the store: Chromium's first map, then 20 clients at once
    (:func:`bench.bench_web.browser_and_load` with this city's mix, no outline views)."""
    from bench.bench_web import browser_and_load as serve_and_measure
    from bench.web_load import summary

    web = serve_and_measure(url, ctx, loads, seconds, mix=load_mix(ctx), views=[])
    first, complete, timings, errors = web["first"], web["complete"], web["timings"], web["errors"]
    print(f"\n`gridgov serve` listening after {web['start']:.1f} s; every request of the mix asked once "
          f"before the clients: {web['warm_up'][1]:.0f} s; load average {web['load_before']} → {web['load_after']}")
    every = [t for times in timings.values() for t in times]
    _, p50, p95, worst = summary(every)
    print(f"first map in Chromium (s, {loads} loads, the first with an empty browser cache): "
          + ", ".join(f"{s:.2f}" for s in first) + "; every panel filled: " + ", ".join(f"{s:.2f}" for s in complete))
    print(f"20 clients for {seconds} s: {len(every):,} requests, {errors} errors, p50 {p50 * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {worst * 1000:.0f} ms")
    for kind in dict.fromkeys(kind for kind, _ in timings):
        n, kind_p50, kind_p95, kind_max = summary([t for (k, _), ts in timings.items() if k == kind for t in ts])
        print(f"  {kind}: {n:,} requests, p50 {kind_p50 * 1000:.0f} ms, p95 {kind_p95 * 1000:.0f} ms, "
              f"max {kind_max * 1000:.0f} ms")
    return {"first": first, "p95": p95}


def intake(scale):
    """The product's intake of a patrol file of 10 % of the store's size into the big store, and the COPY
    floor of the same rows; ``(report, floor seconds, rows)``. The intake's rows are removed afterwards."""
    from bench.bench_incidents import import_in_fresh_process

    count = max(1000, round(FULL_INCIDENTS * scale / 10))
    with db.connect() as conn:
        drawer = city_incidents.Drawer(city_cells.build_cells(scale), city_incidents.read_categories(conn), {}, None)
        with conn.cursor() as cur:
            cur.execute("SELECT coalesce(max(id), 0) + 1 FROM incident")
            first_id = cur.fetchone()[0]
    with tempfile.TemporaryDirectory() as folder:
        path = city_incidents.write_patrol_file(drawer, Path(folder) / "patrol.csv", count)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            report = pool.apply(import_in_fresh_process, (path,))
    floor, rows = city_anchors.copy_floor(first_id)
    city_anchors.remove_intake(first_id)
    print(f"\nintake of {report['incidents']:,} patrol incidents into the store: {report['seconds']:.1f} s, "
          f"{report['incidents'] / report['seconds']:,.0f} incidents/s (target ≥ 40,000), placed by {report['placed_by']}, "
          f"peak {report['peak_mib']:,.0f} MiB; floor: binary COPY of the same {rows:,} rows into the same table "
          f"with its indexes {floor:.1f} s ({rows / floor:,.0f} rows/s): the intake takes "
          f"{report['seconds'] / floor:.2f}× the floor")
    return report, floor, rows


def summary_table(rows, kpis, anchor, web, intake_figures):
    """Every figure of the issue beside its target and its anchor."""
    cold = [row[2] for row in rows]
    warm = [statistics.median(row[3]) for row in rows]
    year = anchor["PostgreSQL: counts per grid per month, 2025"]
    duck_year = anchor["DuckDB: counts per grid per month (month of each row), 2025"]
    duck_kpis = anchor["DuckDB: KPI counts of every grid, 2025 (kpi_stats.sql)"]
    lines = ["| figure | measured | target | anchor, same run |", "|---|---:|---|---|",
             f"| command-page requests, cold: under 300 ms | {sum(c < 0.3 for c in cold)} of {len(cold)} "
             f"(median {np.median(cold) * 1000:,.0f} ms, max {max(cold) * 1000:,.0f} ms) | all < 300 ms | counts per grid "
             f"per month over 2025: PostgreSQL {year * 1000:,.0f} ms, DuckDB {duck_year * 1000:,.0f} ms |",
             f"| command-page requests, warm (median of each) | median {np.median(warm) * 1000:,.0f} ms, "
             f"max {max(warm) * 1000:,.0f} ms | < 300 ms | |"]
    for (what, first, then, _), target in zip(kpis, ("< 300 ms", "< 1 s")):
        lines.append(f"| KPIs, {what}: first / median | {first * 1000:,.0f} / {statistics.median(then) * 1000:,.0f} ms "
                     f"| {target} | DuckDB, every grid of the city: {duck_kpis * 1000:,.0f} ms |")
    if web:
        lines.append(f"| first map in Chromium (first load / median) | {web['first'][0]:.2f} / "
                     f"{statistics.median(web['first']):.2f} s | < 1.5 s | |")
        lines.append(f"| 20 clients, p95 | {web['p95'] * 1000:,.0f} ms | < 500 ms | |")
    if intake_figures:
        report, floor, count = intake_figures
        lines.append(f"| intake into the big store | {report['incidents'] / report['seconds']:,.0f} incidents/s "
                     f"| ≥ 40,000/s | binary COPY floor {count / floor:,.0f} rows/s "
                     f"({report['seconds'] / floor:.2f}×) |")
    print("\n" + "\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the full city (0.01: a smoke run)")
    parser.add_argument("--reuse", action="store_true", help="keep the store of the last run, measure only")
    parser.add_argument("--repeat", type=int, default=5, help="warm asks of each request (median, p95)")
    parser.add_argument("--seconds", type=int, default=30, help="how long the 20 clients ask")
    parser.add_argument("--loads", type=int, default=5, help="page loads in Chromium")
    parser.add_argument("--no-browser", action="store_true", help="leave out Chromium and the 20 clients")
    args = parser.parse_args()
    url = named_scratch_database(DATABASE, args.reuse)
    print(f"machine: {machine()}")
    if not args.reuse:
        print(table(build(args.scale)))
    with db.connect() as conn:
        city_requests.create_account(conn)
    incidents, cells = store_size()
    print(f"\nstore: {incidents:,} incidents, {cells:,} cells of the current generation (scale {args.scale})")
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        ctx, rows, kpis, start_up = pool.apply(city_requests.time_requests, (url, args.repeat))
    city_requests.report(rows, kpis, start_up)
    anchor = anchors(ctx)
    web = None if args.no_browser else browser_and_load(url, ctx, args.loads, args.seconds)
    intake_figures = intake(args.scale)
    summary_table(rows, kpis, anchor, web, intake_figures)


if __name__ == "__main__":
    main()
