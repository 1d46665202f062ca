"""Benchmark of the cell store on the demo district: build, load, check, export, re-import, CRS.

Run: ``.venv/bin/python -m bench.bench_cell_store`` (a scratch database ``gridgov_bench`` in the
embedded cluster, or ``GRIDGOV_BENCH_DATABASE_URL``). Prints a markdown table for docs/benchmarks.md.
"""
import argparse
import tempfile
from pathlib import Path

import numpy as np

from bench.common import bench_database_url, machine, median_seconds, table, timed
from etl.boundaries.export import export_cells
from etl.boundaries.importing import import_boundary_file
from etl.demo.district import build_demo_district
from etl.demo.loading import load_demo
from gis import db
from gis.crs import parse_crs, points_to_storage
from grids.cells.checks import CHECKS, run_check, run_checks


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    bench_database_url()
    results = []
    seconds, district = median_seconds(lambda: build_demo_district(42))
    results.append(("build the demo district (pure, median of 3)", seconds, len(district.cells), "cells"))
    with db.connect(role=db.OWNER) as conn, timed(results, "load the demo district into PostGIS", len(district.cells), "cells"):
        load_demo(conn, district, 42)
    with db.connect() as conn:
        _checks(conn, results)
        _round_trip(conn, results)
    _conversion(results)
    print(f"machine: {machine()}\n")
    print(table(results))


def _checks(conn, results):
    with timed(results, "`boundaries check`, all checks, whole demo generation"):
        run_checks(conn, 1)
    for check in CHECKS:
        seconds, _ = median_seconds(lambda: run_check(conn, check.name, 1))
        results.append((f"  check `{check.name}` (median of 3)", seconds, None, ""))


def _round_trip(conn, results):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "buildings.gpkg"
        with timed(results, "export building micro-grids to GeoPackage", 6000, "cells"):
            exported = export_cells(conn, "microgrid", path, kind="building")
        with timed(results, "re-import them into a draft (all unchanged), then roll back",
                   exported["cells"], "cells"):
            report = import_boundary_file(conn, path, "microgrid", kind="building")
        assert report["unchanged"] == exported["cells"], report
        conn.rollback()


def _conversion(results):
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(120.3, 120.7, 1_000_000), rng.uniform(36.0, 36.3, 1_000_000)
    for name in ("gcj02", "bd09", "EPSG:4549"):
        spec = parse_crs(name)
        x, y = (lon, lat) if spec.kind != "epsg" else _projected(lon, lat)
        seconds, _ = median_seconds(lambda: points_to_storage(x, y, spec))
        results.append((f"convert 1M points {name} → EPSG:4490 (median of 3)", seconds, 1_000_000, "points"))


def _projected(lon, lat):
    from pyproj import Transformer

    return Transformer.from_crs(4490, 4549, always_xy=True).transform(lon, lat)


if __name__ == "__main__":
    main()
