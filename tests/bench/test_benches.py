"""The benchmarks can be run as documented: each answers ``--help`` without touching a database, and the
synthetic city's incidents are what the docs say (5 % of them outside the city, in a band beyond its
edge)."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench.synthetic_city import MARGIN_DEG, ORIGIN, OUTSIDE_SHARE, SIZE_DEG, incident_points

BENCHES = sorted(p.stem for p in (Path(__file__).parents[2] / "bench").glob("bench_*.py"))


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
