"""The benchmarks can be run as documented: each answers ``--help`` without touching a database, those
that take a size run end to end at a small one on a database of their own (``bench`` marker: a
minute in all), and the synthetic city's incidents are what the docs say (5 % of them outside the city, in
a band beyond its edge)."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench.synthetic_city import MARGIN_DEG, ORIGIN, OUTSIDE_SHARE, SIZE_DEG, build_city, incident_points
from gis import embedded

ROOT = Path(__file__).parents[2]
BENCHES = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
# The benches that take a size, each at a small one and with the table line it must print. The synthetic
# city's buildings too (2,000, not 100,000: their load into PostGIS was most of each run), and the demo's
# incidents whose hotline file bench_incidents imports.
CITY = ["--buildings", "2000"]
SMOKE_RUNS = {"bench_incidents": (["--count", "2000", *CITY, "--demo-incidents", "5000"],
                                  "import 2,000 incidents end to end"),
              "bench_cases": (["--count", "2000", *CITY], "one transition"),
              "bench_intake_api": (["--tickets", "200", "--batch", "100", *CITY], "new: 200 tickets"),
              "bench_rollups": (["--count", "2000", "--repeat", "1", *CITY],
                                "KPIs, every grid, whole year: from the roll-up"),
              "bench_city": (["--scale", "0.001", "--no-browser", "--repeat", "1"], "| intake into the big store |")}


@pytest.mark.parametrize("bench", BENCHES)
def test_every_bench_answers_help(bench):
    done = subprocess.run([sys.executable, "-m", f"bench.{bench}", "--help"], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).parents[2])
    assert done.returncode == 0 and "usage:" in done.stdout, done.stderr


def test_the_synthetic_city_puts_five_percent_of_its_incidents_outside():
    lon, lat = incident_points(200_000, np.random.default_rng(2))
    inside = ((lon >= ORIGIN[0]) & (lon <= ORIGIN[0] + SIZE_DEG[0])
              & (lat >= ORIGIN[1]) & (lat <= ORIGIN[1] + SIZE_DEG[1]))
    assert abs((1 - inside.mean()) - OUTSIDE_SHARE) < 0.003
    assert lon.min() >= ORIGIN[0] - MARGIN_DEG and lat.max() <= ORIGIN[1] + SIZE_DEG[1] + MARGIN_DEG


@pytest.mark.bench
@pytest.mark.parametrize("bench", sorted(SMOKE_RUNS))
def test_a_bench_runs_end_to_end_at_a_small_size(bench, database_url):
    """The bench builds the synthetic city in a scratch database of its own and prints its table."""
    cluster = embedded.start()
    name = f"{os.path.basename(database_url.split('?')[0])}_{bench}"
    embedded.create_database(cluster, name, drop_first=True)
    arguments, line = SMOKE_RUNS[bench]
    env = {key: value for key, value in os.environ.items() if not key.startswith("GRIDGOV_")}   # not the tests' store
    env["GRIDGOV_BENCH_DATABASE_URL"] = cluster.url(name)
    done = subprocess.run([sys.executable, "-m", f"bench.{bench}", *arguments], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert line in done.stdout, done.stdout[-3000:]


def test_the_synthetic_city_keeps_the_code_rule():
    """Grid serials run within their community (001–900 for basic grids), so the city imports."""
    city = build_city(grids=2_000, buildings=10)
    grids = city[city["level"] == "grid"]
    serials = grids["code"].str[-3:].astype(int)
    assert serials.min() == 1 and serials.max() <= 900
    assert (grids["code"].str[:-3] == grids["parent_code"]).all() and grids["code"].is_unique
