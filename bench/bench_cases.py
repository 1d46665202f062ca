"""Benchmark of the case loop's reports and of one transition, on a million cases.

Run: ``.venv/bin/python -m bench.bench_cases [--count N] [--buildings N] [--reuse]`` (scratch database
``gridgov_bench_cases``, dropped and made again unless ``--reuse`` keeps the last one; the smaller sizes
are for a smoke run).

1. The synthetic city (2,000 grids, 100,000 buildings; ``bench/synthetic_city.py``) is loaded and
   published; one grid member per grid and the staff above (one per community and street, the
   command centre, the departments: the demo's ``demo_staff``) are added through ``grids.people.roster``;
   N incidents (default 1,000,000) with coordinates over 2025 go in through the real intake.
2. Every case gets a year of history from the demo's case walk (``etl.demo.cases.walk_cases``: the
   loop's own rules, the 15-minute tick, repeats), written in bulk (``etl.demo.case_store``), up to
   "now" = 2026-01-01 00:00 +08:00.
3. Timed, warm, median of ``REPEAT`` runs (wall time of the Python call; the database is local):
   KPIs for every grid over the year and over one month, for every community and street, for every
   person handling cases; every grid member's load. Then ``TRANSITIONS`` single transitions
   (``loop.act``: "report" on a random running case, with its ``case_event`` row), each
   committed on its own: median and p95.
"""
import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.bench_incidents import load_city
from bench.common import machine, median_seconds, named_scratch_database, table
from bench.synthetic_city import BUILDINGS, add_buildings_argument, build_city, city_size, write_incident_csv
from etl.demo import case_store as store
from etl.demo.cases import outcome_mix, repeat_candidates, walk_cases
from etl.demo.people import demo_staff
from etl.incidents.importing import import_incident_file
from gis import db
from grids.cases import loop
from grids.cases.kpi import kpis_by_level, kpis_by_person
from grids.cases.workload import member_loads
from grids.clock import SHANGHAI
from grids.people import roster

DATABASE = "gridgov_bench_cases"
NOW = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
YEAR = {"since": "2025-01-01T00:00:00+08:00", "until": "2026-01-01T00:00:00+08:00", "now": NOW}
MONTH = {"since": "2025-06-01T00:00:00+08:00", "until": "2025-07-01T00:00:00+08:00", "now": NOW}
REPEAT, TRANSITIONS = 5, 500


def build_store(results, count, buildings=BUILDINGS):
    city = build_city(buildings=buildings)
    with db.connect(role=db.OWNER) as conn:
        timed_step(results, f"load the synthetic city ({city_size(buildings)})", len(city), "cells",
                   lambda: load_city(conn, city))
    with tempfile.TemporaryDirectory() as folder, db.connect(role=db.OWNER) as conn:
        path = write_incident_csv(Path(folder) / "patrol.csv", count=count)
        timed_step(results, f"import {count:,} incidents (patrol CSV, coordinates, 2025)", count, "incidents",
                   lambda: import_incident_file(conn, path, channel="patrol"))
    with db.connect() as conn:
        timed_step(results, "add one member per grid and the staff above (people API)", None, None,
                   lambda: add_people(conn, city))
    with db.connect(role=db.OWNER) as conn:
        mix = timed_step(results, "walk every case through a year of the loop, write in bulk", count, "cases",
                         lambda: walk_all(conn))
    return mix


def add_people(conn, city):
    grids = city[city["level"] == "grid"].sort_values("code")["code"]
    members = [{"code": f"M{i:04d}", "name": f"网格员{i}", "role": "grid_member", "cells": [code]}
               for i, code in enumerate(grids, start=1)]
    roster.save_people(conn, members + demo_staff(np.random.default_rng(5), city))


def walk_all(conn):
    """The demo's walk (``etl.demo.loading.load_demo_cases`` without the demo's staff), on these incidents."""
    incidents = store.read_incidents(conn)
    histories = walk_cases(incidents, store.read_staff(conn), repeat_candidates(incidents), 42, NOW)
    store.write_histories(conn, histories)
    with conn.cursor() as cur:
        cur.execute("ANALYZE incident")
        cur.execute("ANALYZE case_event")
    return outcome_mix(histories, NOW)


def timed_step(results, name, count, unit, run):
    started = time.perf_counter()
    result = run()
    results.append((name, time.perf_counter() - started, count, unit))
    return result


def bench_reports(results):
    runs = {
        "KPIs, every grid, whole year": lambda conn: kpis_by_level(conn, "grid", **YEAR),
        "KPIs, every grid, one month (June)": lambda conn: kpis_by_level(conn, "grid", **MONTH),
        "KPIs, every community, whole year": lambda conn: kpis_by_level(conn, "community", **YEAR),
        "KPIs, every street, whole year": lambda conn: kpis_by_level(conn, "street", **YEAR),
        "KPIs, every person handling cases, whole year": lambda conn: kpis_by_person(conn, **YEAR),
        "load of every grid member": lambda conn: member_loads(conn, now=NOW),
    }
    with db.connect() as conn:
        for name, run in runs.items():
            run(conn)                                   # warm
            seconds, rows = median_seconds(lambda: run(conn), repeat=REPEAT)
            results.append((f"{name} (median of {REPEAT})", seconds, len(rows), "rows"))


def bench_transitions(results, count=TRANSITIONS):
    """``count`` "report" transitions on random running cases, each with its history row, each committed."""
    conn = db.open_connection()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, handler_person_id FROM incident WHERE status = ANY(%s) AND handler_person_id "
                        "IS NOT NULL ORDER BY random() LIMIT %s", (list(loop.RUNNING), count))
            cases = cur.fetchall()
        conn.commit()
        times = []
        for k, (case_id, handler) in enumerate(cases):
            started = time.perf_counter()
            loop.act(conn, case_id, "report", handler, now=NOW + dt.timedelta(seconds=k), note="bench")
            conn.commit()
            times.append(time.perf_counter() - started)
    finally:
        conn.close()
    p95 = float(np.percentile(times, 95))
    median = statistics.median(times)
    results.append((f"one transition (act 'report' + history row, committed), median of {len(times)}: "
                    f"{median * 1000:.1f} ms", median, None, None))
    results.append((f"  p95 of the {len(times)}: {p95 * 1000:.1f} ms", p95, None, None))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    add_buildings_argument(parser)
    parser.add_argument("--reuse", action="store_true", help="keep the store of the last run, time only")
    args = parser.parse_args()
    named_scratch_database(DATABASE, args.reuse)
    setup, results, mix = [], [], None
    if not args.reuse:
        mix = build_store(setup, args.count, args.buildings)
    bench_reports(results)
    bench_transitions(results)
    print(f"machine: {machine()}\n")
    if setup:
        print(table(setup) + "\n")
        print(f"cases: {mix['cases']:,}, events: {mix['events']:,}, status: {mix['status']}, "
              f"open overdue: {mix['open_overdue']:,}\n")
    print(table(results))


if __name__ == "__main__":
    main()
