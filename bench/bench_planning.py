"""Benchmark of the planners' analysis on the demo district: metrics, live checks, load replay, proposals.

Run: ``.venv/bin/python -m bench.bench_planning [--reuse]`` (scratch database ``gridgov_bench_planning``,
built again with the demo — district, a year of incidents, its case walk, the demo accounts — unless
``--reuse`` keeps the last one), then ANALYZEd (freshly loaded and not yet seen by autovacuum, the
district-wide metrics took 1.9 s instead of 0.06 s). Everything timed runs in one transaction that is
rolled back, so the scratch store stays as built.

Timed warm (one run first), median of ``REPEAT`` runs, wall time of the Python call:

1. ``grid_metrics`` and ``live_findings`` for one community and for the district, on the current
   generation and on a draft after a split;
2. ``load_impact`` of that split, and of a whole community re-divided by a proposal;
3. ``propose_division`` of every community (of the current generation) into as many grids as it has
   now, once each: seconds, the planning load's coefficient of variation and max/mean before and
   after, the proposed grids' Polsby-Popper against the current ones'; then ``apply_proposal`` of one.
"""
import argparse
import os
import statistics
import time

import numpy as np
from shapely.geometry import LineString

from bench.common import machine, median_seconds
from etl.demo.accounts import create_demo_accounts, demo_now
from etl.demo.district import build_demo_district
from etl.demo.loading import load_demo, load_demo_cases, load_demo_incidents
from gis import db, embedded, migrate
from grids.cells.live_checks import live_findings
from grids.cells.metrics import grid_metrics
from grids.planning import edits
from grids.planning.analysis.impact import load_impact
from grids.planning.analysis.proposal import apply_proposal, propose_division

DATABASE = "gridgov_bench_planning"
COMMUNITY = "370212001001"        # 中韩社区, the demo's first
REPEAT = 5


def scratch_database(reuse):
    url = os.environ.get("GRIDGOV_BENCH_DATABASE_URL")
    if not url:
        cluster = embedded.start()
        embedded.create_database(cluster, DATABASE, drop_first=not reuse)
        url = cluster.url(DATABASE)
    os.environ["GRIDGOV_DATABASE_URL"] = url
    with db.connect(role=db.OWNER) as conn:
        migrate.migrate(conn)
        if not reuse:
            build_demo(conn)
    with db.connect(role=db.OWNER) as conn, conn.cursor() as cur:
        cur.execute("ANALYZE")          # as autovacuum does soon after a load: planner statistics
    return url


def build_demo(conn, seed=42):
    started = time.perf_counter()
    district = build_demo_district(seed)
    load_demo(conn, district, seed)
    load_demo_incidents(conn, district, seed)
    load_demo_cases(conn, district, seed)
    create_demo_accounts(conn)
    print(f"demo built in {time.perf_counter() - started:.0f} s")


def timed(rows, name, run):
    run()                                              # warm
    seconds, result = median_seconds(run, repeat=REPEAT)
    rows.append((name, seconds))
    return result


def bench_checks(conn, rows, generation, label):
    timed(rows, f"grid_metrics, one community, {label}", lambda: grid_metrics(conn, generation, COMMUNITY))
    timed(rows, f"grid_metrics, district (310 grids), {label}", lambda: grid_metrics(conn, generation))
    timed(rows, f"live_findings, one community, {label}", lambda: live_findings(conn, generation, COMMUNITY))
    return timed(rows, f"live_findings, district, {label}", lambda: live_findings(conn, generation))


def split_first_grid(conn, planner):
    grid = grid_metrics(conn, 1, COMMUNITY)[0]["code"]
    with conn.cursor() as cur:
        cur.execute("SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) FROM cell "
                    "WHERE code = %s", (grid,))
        x0, y0, x1, y1 = cur.fetchone()
    middle = (x0 + x1) / 2
    line = LineString([(middle, y0 - 0.001), (middle, y1 + 0.001)])
    return edits.split_grid(conn, grid, line, by=planner, expected_revision=0)


def bench_proposals(conn, now):
    """``propose_division`` of every community, K = its basic grids now; one row per community."""
    results = []
    current = {}
    for grid in grid_metrics(conn, 1):
        if grid["kind"] == "basic":
            current.setdefault(grid["community_code"], []).append(grid["compactness"])
    for community, scores in sorted(current.items()):
        k = len(scores)
        proposal = propose_division(conn, community, k, now=now)
        load = proposal["spread"]["load"]
        results.append({"community": community, "buildings": proposal["buildings"], "k": k,
                        "seconds": proposal["seconds"], "cv_before": load["before"]["cv"],
                        "cv_after": load["after"]["cv"], "max_mean_before": load["before"]["max_mean"],
                        "max_mean_after": load["after"]["max_mean"], "pp_before": float(np.mean(scores)),
                        "pp_after": float(np.mean([g["compactness"] for g in proposal["grids"]]))})
    return results


def report(rows, findings, proposals, applied_seconds):
    print(f"\nMachine: {machine()}\n")
    print("| what | seconds |\n|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} |")
    print(f"| apply_proposal (one community, through replace_grids) | {applied_seconds:.3f} |")
    print(f"\nfindings on the split draft, district: {len(findings)}")
    print("\n| community | buildings | K | seconds | CV before → after | max/mean before → after "
          "| PP before → after |")
    print("|---|---:|---:|---:|---|---|---|")
    for p in proposals:
        print(f"| {p['community']} | {p['buildings']} | {p['k']} | {p['seconds']:.2f} | {p['cv_before']:.3f} → "
              f"{p['cv_after']:.3f} | {p['max_mean_before']:.2f} → {p['max_mean_after']:.2f} | "
              f"{p['pp_before']:.2f} → {p['pp_after']:.2f} |")
    seconds = [p["seconds"] for p in proposals]
    print(f"\nproposals: median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s; "
          f"CV median {statistics.median(p['cv_before'] for p in proposals):.3f} → "
          f"{statistics.median(p['cv_after'] for p in proposals):.3f}; better in "
          f"{sum(p['cv_after'] < p['cv_before'] for p in proposals)} of {len(proposals)}; "
          f"PP median {statistics.median(p['pp_before'] for p in proposals):.2f} → "
          f"{statistics.median(p['pp_after'] for p in proposals):.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the scratch database of the last run")
    scratch_database(parser.parse_args().reuse)
    conn = db.open_connection()
    try:
        now = demo_now(conn)
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM account WHERE username = 'planner'")
            planner = cur.fetchone()[0]
        rows = []
        proposals = bench_proposals(conn, now)
        bench_checks(conn, rows, 1, "current")
        split = split_first_grid(conn, planner)
        findings = bench_checks(conn, rows, split.generation, "draft after a split")
        timed(rows, "load_impact of the split", lambda: load_impact(conn, split.generation, 1, now=now))
        proposal = propose_division(conn, "370212001016", 12, now=now)
        started = time.perf_counter()
        applied = apply_proposal(conn, proposal, by=planner)
        applied_seconds = time.perf_counter() - started
        timed(rows, "load_impact of the split and a re-divided community",
              lambda: load_impact(conn, applied.generation, 1, now=now))
        report(rows, findings, proposals, applied_seconds)
    finally:
        conn.rollback()
        conn.close()


if __name__ == "__main__":
    main()
