"""Benchmark of incident intake: a million incidents with coordinates, and noisy demo addresses.

Run: ``.venv/bin/python -m bench.bench_incidents [--count N] [--buildings N] [--demo-incidents N]``
(scratch database ``gridgov_bench``; the smaller sizes are for a smoke run).

1. A synthetic city (2,000 grids, 100,000 buildings; ``bench/synthetic_city.py``) is loaded and
   published; a patrol export of N incidents (default 1,000,000, WGS 84, 5 % outside the city) is
   imported end to end — CSV read in chunks, placed, upserted into PostGIS — in a child process, so
   its peak memory is its own. Placement alone is timed on the same points. Then the database's own
   floor for the same rows (:mod:`bench.copy_floor`: a binary COPY into the same table plus its index
   rebuild, and with the indexes kept up) and the ratio of the import to it.
2. The demo district (seed 42) and its year of incidents (default 50,000): the hotline file (addresses only, noisy) is
   imported and each placement compared with the generator's truth (the right building).
"""
import argparse
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.common import bench_database_url, machine, table
from bench.copy_floor import copy_floor
from bench.synthetic_city import add_buildings_argument, build_city, city_size, write_incident_csv
from gis import db
from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.incidents.placement import CellIndex, place_points

LOAD_ORDER = (("district", None), ("street", None), ("community", None), ("grid", "basic"),
              ("microgrid", "building"))


def load_city(conn, city):
    generations.open_draft(conn, "synthetic benchmark city")
    for level, kind in LOAD_ORDER:
        part = city[(city["level"] == level) & ((city["kind"] == kind) if kind else city["kind"].isna())]
        frame = part.reset_index(drop=True).assign(
            feature_index=lambda f: range(len(f)), feature_id=None, households=None, population=None,
            attributes=[{}] * len(part))
        import_cells(conn, frame, level, kind)
    return generations.publish(conn)


def import_in_fresh_process(path):
    """Import ``path`` (run in a spawned interpreter, so that its peak memory is the import's own)."""
    from etl.incidents.importing import import_incident_file

    with db.connect() as conn:
        report = import_incident_file(conn, path, channel="patrol")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {k: report[k] for k in ("incidents", "added", "seconds", "per_second", "placed_by")} | {
        "peak_mib": usage.ru_maxrss / 1024}


def bench_million(results, count, buildings):
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        city = build_city(buildings=buildings)
        results.append((f"build the synthetic city ({city_size(buildings)})", time.perf_counter() - started,
                        len(city), "cells"))
        started = time.perf_counter()
        with db.connect(role=db.OWNER) as conn:
            generation = load_city(conn, city)
        results.append(("load it into PostGIS (all levels, one generation)", time.perf_counter() - started,
                        len(city), "cells"))
        path = write_incident_csv(Path(folder) / "patrol.csv", count=count)
        _placement_alone(results, generation, path)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            report = pool.apply(import_in_fresh_process, (path,))
    results.append((f"import {count:,} incidents end to end (CSV → placed → PostGIS)", report["seconds"],
                    report["incidents"], "incidents"))
    with db.connect(role=db.OWNER) as conn:
        report["floor"] = floor = copy_floor(conn)
    rows = floor["rows"]
    results.append(("  floor: binary COPY of the same rows into the same table, secondary indexes dropped",
                    floor["copy_rebuild"], rows, "rows"))
    results.append(("  floor: … and the same indexes built again", floor["index_rebuild"], rows, "rows"))
    results.append(("  floor: binary COPY of the same rows, every index kept up", floor["copy_kept_up"], rows, "rows"))
    return report


def floor_ratios(report):
    """The import's wall time over each floor, as printed."""
    floor = report["floor"]
    rebuild = floor["copy_rebuild"] + floor["index_rebuild"]
    return (f"end to end / floor (COPY + index rebuild, {rebuild:.1f} s): {report['seconds'] / rebuild:.2f}×; "
            f"/ COPY with the indexes kept up ({floor['copy_kept_up']:.1f} s): "
            f"{report['seconds'] / floor['copy_kept_up']:.2f}×")


def _placement_alone(results, generation, path):
    frame = pd.read_csv(path, usecols=["经度", "纬度"])
    with db.connect() as conn:
        index = CellIndex.load(conn, generation)
    started = time.perf_counter()
    placed = place_points(index, frame["经度"].to_numpy(), frame["纬度"].to_numpy())
    seconds = time.perf_counter() - started
    results.append(("  placement alone (every level, same points)", seconds, len(frame), "points"))
    return placed


def bench_addresses(results, count):
    from etl.demo.district import build_demo_district
    from etl.demo.exports import write_channel_files
    from etl.demo.incidents import build_demo_incidents
    from etl.demo.loading import clear_store, load_demo
    from etl.incidents.importing import import_incident_file

    district = build_demo_district(42)
    incidents = build_demo_incidents(district, seed=42, count=count)
    with db.connect(role=db.OWNER) as conn, tempfile.TemporaryDirectory() as folder:
        clear_store(conn)
        load_demo(conn, district, 42)
        path = write_channel_files(incidents, Path(folder))["hotline"]
        report = import_incident_file(conn, path, channel="hotline")
        accuracy = _address_accuracy(conn, incidents.records)
    results.append(("import the demo hotline file (addresses only, noisy)", report["seconds"],
                    report["incidents"], "incidents"))
    return report, accuracy


def _address_accuracy(conn, records):
    """Share of hotline incidents in a building (truth) placed in that building (or one of its stairwells)."""
    with conn.cursor() as cur:
        cur.execute("SELECT source_ref, microgrid_code FROM incident WHERE channel = 'hotline'")
        placed = dict(cur.fetchall())
    truth = records[(records["channel"] == "hotline") & records["true_microgrid_code"].notna()
                    & ~records["truth_broken"].astype(bool)]
    building = truth["true_microgrid_code"].str[:18].to_numpy()
    got = np.array([(placed.get(ref) or "")[:18] for ref in truth["source_ref"]])
    right = got == building
    # Garbage and partial texts (only a compound, a road or a door plate) do not name the building.
    noise = truth["truth_address_noise"].fillna("").str
    named = ~(noise.contains("garbage") | noise.contains("partial")).to_numpy()
    return {"buildings": len(truth), "right_building": float(right.mean()), "named": int(named.sum()),
            "right_when_named": float(right[named].mean())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    add_buildings_argument(parser)
    parser.add_argument("--demo-incidents", type=int, default=50_000, help="the demo's year of incidents "
                        "whose hotline file is imported (default 50,000, the demo's own; fewer for a smoke run)")
    args = parser.parse_args()
    count = args.count
    bench_database_url()
    results = []
    million = bench_million(results, count, args.buildings)
    hotline, accuracy = bench_addresses(results, args.demo_incidents)
    print(f"machine: {machine()}\n")
    print(table(results))
    print(f"\n{count:,}-incident import: {floor_ratios(million)}")
    print(f"{count:,}-incident import: peak memory {million['peak_mib']:,.0f} MiB; placed by {million['placed_by']}")
    print(f"hotline: placed by {hotline['placed_by']}; right building for "
          f"{accuracy['right_building']:.1%} of {accuracy['buildings']:,} incidents in buildings, "
          f"{accuracy['right_when_named']:.1%} of the {accuracy['named']:,} whose text names the building")


if __name__ == "__main__":
    main()
