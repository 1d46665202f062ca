"""Benchmark of foresight on the demo year: the outlook, seasonal issues, emerging issues and bursts (early
warnings) for every grid × category of the demo district.

Run: ``.venv/bin/python -m bench.bench_foresight [--repeat N]`` (store: the demo district, seed 42, with its
planted bursts, in ``gridgov_bench_foresight_demo`` of the embedded cluster, made by ``gridgov demo`` when
missing; ``GRIDGOV_BENCH_DATABASE_URL`` uses another).

Timed (wall time, median of ``--repeat`` runs after one warm-up), each as a centre runs it at the year's
end (until 2026-01-01): the outlook of every grid × category for the coming 3 months from its monthly
counts, read from the store (:mod:`grids.foresight.outlook`), the seasonal profiles of every grid × category over the year
(:func:`grids.foresight.seasons.seasons`), the emerging issues of every grid × category (14-day window
against 90 days, :mod:`grids.foresight.emerging`), one burst detection (the 5 days before 2025-12-20, when
the planted unpaid-wages burst is on, every category group, :func:`grids.foresight.bursts.detect`) and its
storing as warnings (rolled back), and the whole year scanned
window by window (365 windows, :func:`grids.foresight.bursts.scan`) — what docs/foresight.md's false-alarm
figures are measured with. The issue's target: outlook, emerging issues and bursts for every grid × category under 10 s.
"""
import argparse
import datetime as dt
import os
import sys

from bench.common import demo_store_url, machine, median_seconds

DATABASE = "gridgov_bench_foresight_demo"
SINCE, UNTIL = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
BURST_UNTIL = dt.date(2025, 12, 20)        # the day after the planted unpaid-wages burst (etl/demo/bursts.py)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["GRIDGOV_DATABASE_URL"] = demo_store_url(DATABASE)
    from gis import db
    from grids.foresight import bursts
    from grids.foresight.emerging import day_counts, emerging_issues
    from grids.foresight.outlook import monthly_counts, outlook
    from grids.foresight.seasons import seasons

    def outlook_run():
        return outlook(monthly_counts(conn, "grid", SINCE, UNTIL), UNTIL)

    def season_run():
        return seasons(conn, "grid", SINCE, UNTIL)

    def emerging_run():
        return emerging_issues(day_counts(conn, "grid", UNTIL - dt.timedelta(days=104), UNTIL), UNTIL)

    def burst_run():
        return bursts.detect(conn, BURST_UNTIL)

    def store_run():
        written = bursts.run(conn, BURST_UNTIL, now=dt.datetime(2025, 12, 20, 8, tzinfo=bursts.clock.SHANGHAI))
        conn.rollback()
        return written

    def scan_run():
        return bursts.scan(conn, SINCE + dt.timedelta(days=1), UNTIL)

    results = []
    with db.connect() as conn:
        for name, run, size in (("outlook, every grid × category, 3 months (counts read from the store)", outlook_run,
                                 lambda r: f"{len(r):,} rows"),
                                ("seasonal issues, every grid × category, the year", season_run, lambda r: f"{len(r):,} pairs"),
                                ("emerging issues, every grid × category (14 d vs 90 d)", emerging_run,
                                 lambda r: f"{r.attrs['tested']:,} pairs tested"),
                                ("bursts: one detection (the 5 days before 2025-12-20)", burst_run,
                                 lambda r: f"{len(r)} bursts"),
                                ("bursts: detect and store as warnings (rolled back)", store_run,
                                 lambda r: f"{len(r['raised'])} raised"),
                                ("bursts: the year scanned, 365 windows", scan_run, lambda r: f"{len(r)} bursts")):
            run()                                                                    # warm-up
            seconds, result = median_seconds(run, args.repeat)
            results.append((name, seconds, size(result)))
        conn.rollback()
    total = sum(seconds for _, seconds, _ in results[:4])
    with_scan = total + results[5][1]
    print(f"machine: {machine()}")
    print("| what | seconds | result |\n|---|---:|---:|")
    for name, seconds, size in results:
        print(f"| {name} | {seconds:.2f} | {size} |")
    print(f"| outlook + seasonal + emerging + one burst detection | {total:.2f} | target < 10 s |")
    print(f"| the same with the year of bursts scanned | {with_scan:.2f} | target < 10 s |")


if __name__ == "__main__":
    sys.exit(main())
