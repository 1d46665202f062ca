"""Benchmark of the 社情民意 report: a quarterly and a monthly report of the demo district, PDF and DOCX.

Run: ``.venv/bin/python -m bench.bench_report [--repeat N] [--period 2025Q4]`` (store: the demo district,
seed 42, in ``gridgov_bench_report_demo`` of the embedded cluster, made by ``gridgov demo`` when missing;
``GRIDGOV_BENCH_DATABASE_URL`` uses another). "Now" is the demo's (2026-01-01 00:00 +08:00).

Timed (wall time, median of ``--repeat`` runs in this process after one warm-up): the content
(:func:`grids.reports.content.report_content`: every query), the PDF and the DOCX from it (charts, map,
layout); then ``gridgov report --period P -o report.pdf`` end to end as a user runs it (a new process:
imports, connection, content, PDF), cold — the figure the issue's "a quarterly PDF in under 20 s" is about.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import demo_store_url, machine, median_seconds

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "gridgov_bench_report_demo"
NOW = "2026-01-01T00:00:00+08:00"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--period", default="2025Q4", help="The quarter (default 2025Q4); its last month too.")
    args = parser.parse_args()
    url = demo_store_url(DATABASE)
    os.environ["GRIDGOV_DATABASE_URL"] = url
    from gis import db
    from grids.reports.content import report_content
    from grids.reports.period import parse_period
    from reports import render_report

    quarter = parse_period(args.period)
    month = parse_period(f"{quarter.year}-{quarter.until.month - 1 or 12:02d}")
    results = []
    with db.connect() as conn:
        for period in (quarter, month):
            report_content(conn, period, now=NOW)                                    # warm-up
            seconds, content = median_seconds(lambda: report_content(conn, period, now=NOW), args.repeat)
            results.append((f"{period.code}: content (every query)", seconds, ""))
            for fmt in ("pdf", "docx"):
                seconds, data = median_seconds(lambda: render_report(content, fmt), args.repeat)
                results.append((f"{period.code}: {fmt.upper()} from the content", seconds, f"{len(data):,} bytes"))
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("pdf", "docx"):
            out = Path(folder) / f"report.{suffix}"
            started = time.perf_counter()
            subprocess.run([str(ROOT / ".venv/bin/gridgov"), "report", "--period", quarter.code, "--now", NOW,
                            "-o", str(out)], check=True, capture_output=True)
            results.append((f"`gridgov report --period {quarter.code} -o report.{suffix}` (new process)",
                            time.perf_counter() - started, f"{out.stat().st_size:,} bytes"))
    print(f"machine: {machine()}")
    print("| what | seconds | size |\n|---|---:|---:|")
    for name, seconds, size in results:
        print(f"| {name} | {seconds:.2f} | {size} |")


if __name__ == "__main__":
    sys.exit(main())
