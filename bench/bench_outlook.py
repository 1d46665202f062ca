"""Benchmark of the outlook and its backtest on the demo's generator: three years (2023, 2024 and the demo's
2025; one city, ``sites_seed=42``, a fresh draw each year), 50,000 incidents a year, no database.

Run: ``.venv/bin/python -m bench.bench_outlook [--repeat N]``

Timed (wall time, median of ``--repeat`` runs after one warm-up), per level from the monthly counts (the
table :func:`grids.foresight.outlook.monthly_counts` reads from the store): the outlook of every cell ×
category for the next three months from 2026-01-01 (:func:`grids.foresight.outlook.outlook`) and the
backtest of 2025 month by month (:func:`grids.foresight.backtest.backtest`). Printed beside the times:
the backtest's MAE of the model and of both baselines, and the interval's coverage — the table of
docs/foresight.md. The issue's target: outlook, emerging issues and bursts for every grid × category of
the demo under 10 s.
"""
import argparse
import datetime as dt
import time

from bench.common import machine, median_seconds

SEEDS = {2023: 2023, 2024: 2024, 2025: 42}
CODE_LENGTH = {"street": 9, "community": 12, "grid": 15}
UNTIL = dt.date(2026, 1, 1)


def generator_counts():
    """Monthly counts per level of the generator's three years: ``{level: frame}``."""
    import pandas as pd

    from etl.demo.district import build_demo_district
    from etl.demo.incidents import build_demo_incidents

    district = build_demo_district(seed=42)
    frames = []
    for year, seed in SEEDS.items():
        records = build_demo_incidents(district, seed=seed, year=year, sites_seed=42).records
        placed = records[records["true_grid_code"].notna()]
        frames.append(pd.DataFrame({"grid": placed["true_grid_code"], "category_code": placed["true_category_code"],
                                    "month": pd.to_datetime(placed["true_reported_at"]).dt.tz_localize(None)
                                    .dt.to_period("M").dt.to_timestamp()}))
    incidents = pd.concat(frames, ignore_index=True)
    return {level: incidents.assign(cell_code=incidents["grid"].str[:length], incidents=1)
            .groupby(["cell_code", "category_code", "month"], as_index=False)["incidents"].sum()
            for level, length in CODE_LENGTH.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.bench_outlook", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (median; default 3)")
    args = parser.parse_args(argv)

    from grids.foresight.backtest import backtest
    from grids.foresight.outlook import outlook

    started = time.perf_counter()
    counts = generator_counts()
    print(f"generator, three years: {time.perf_counter() - started:.1f} s ({machine()})")
    print("| level | pairs | outlook, 3 months (s) | backtest, 12 months (s) | MAE model | MAE last year "
          "| MAE recent 3 | coverage (80 %) | verified categories |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for level, frame in counts.items():
        outlook(frame, UNTIL)                                            # warm-up
        timed_outlook, found = median_seconds(lambda: outlook(frame, UNTIL), args.repeat)
        timed_backtest, result = median_seconds(lambda: backtest(frame, UNTIL), args.repeat)
        s, cats = result["summary"], result["categories"]
        print(f"| {level} | {s['pairs']:,} | "
              f"{timed_outlook:.2f} | {timed_backtest:.2f} | {s['model']:.3f} | {s['last_year']:.3f} | "
              f"{s['recent']:.3f} | {s['covered']:.0%} | {int(cats['verified'].sum())} of {len(cats)} |")


if __name__ == "__main__":
    main()
