"""Benchmark of the intake API: 10,000 hotline tickets posted over HTTP by a calling system with a key.

Run: ``.venv/bin/python -m bench.bench_intake_api [--tickets N] [--batch N] [--buildings N]`` (scratch
database ``gridgov_bench``; the smaller sizes are for a smoke run). The synthetic city (2,000 grids,
100,000 buildings; ``bench/synthetic_city.py``) is loaded and published, a key is made, and the app is
served by waitress on a loopback port (4 threads, as ``gridgov serve``). The client posts the tickets in
batches (default 10 of 1,000, then once more as one batch of 10,000 new ones) with ``Authorization:
Bearer``; each batch is one request, one transaction.
Then the first batches are posted again (idempotence: all unchanged) and the status is pulled back.
The first request loads the intake (cells, addresses, categories), so it is timed apart.
"""
import argparse
import json
import time
import urllib.request

import numpy as np

from bench.bench_incidents import load_city
from bench.common import bench_database_url, machine, served_app, table
from bench.synthetic_city import ORIGIN, SIZE_DEG, add_buildings_argument, build_city
from gis import db

CATEGORIES = ("噪声扰民", "环境卫生", "邻里纠纷", "占道经营", "供暖", "物业纠纷")
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def tickets(count, start=0, seed=3):
    """Hotline tickets with WGS 84 coordinates (5 % outside the city), a title, a description, a reporter."""
    rng = np.random.default_rng(seed + start)
    lon = ORIGIN[0] + rng.uniform(-0.01, SIZE_DEG[0] + 0.01, count)
    lat = ORIGIN[1] + rng.uniform(-0.01, SIZE_DEG[1] + 0.01, count)
    return [{"source_ref": f"GD2025{start + i:08d}", "reported_at": f"2025-06-{1 + i % 28:02d} 09:{i % 60:02d}:00",
             "category_text": CATEGORIES[i % len(CATEGORIES)], "title": "市民反映楼下噪声扰民",
             "description": "市民来电反映夜间施工噪声，影响休息，请相关部门核实处理。", "x": round(float(lon[i]), 6),
             "y": round(float(lat[i]), 6), "crs": "EPSG:4326", "reporter_name": "王先生", "reporter_phone": "13800000000",
             "time_limit": "5个工作日"} for i in range(count)]


def post(url, token, batch):
    body = json.dumps(batch, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with OPENER.open(request, timeout=600) as answer:
        return json.loads(answer.read()), len(body)


def run_batches(results, url, token, all_tickets, size, label):
    started, bytes_sent, reports = time.perf_counter(), 0, []
    for first in range(0, len(all_tickets), size):
        report, sent = post(url, token, all_tickets[first:first + size])
        reports.append(report)
        bytes_sent += sent
    seconds = time.perf_counter() - started
    results.append((f"{label}: {len(all_tickets):,} tickets in batches of {size:,} ({bytes_sent / 2**20:.1f} MiB)",
                    seconds, len(all_tickets), "tickets"))
    return reports


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000, help="tickets per run (default 10,000)")
    parser.add_argument("--batch", type=int, default=1_000, help="tickets per request (default 1,000)")
    add_buildings_argument(parser)
    options = parser.parse_args()
    bench_database_url()
    results = []
    with db.connect(role=db.OWNER) as conn:
        load_city(conn, build_city(buildings=options.buildings))
        from etl.incidents.importing import ensure_categories
        from grids.integration.keys import create_key

        ensure_categories(conn)
        _, token = create_key(conn, "hotline-12345", ["hotline"])
    with served_app(threads=4) as base:
        batches, again = _timed_requests(results, f"{base}/api/v1/intake/hotline/tickets", token, options)
    server_seconds = sum(b["seconds"] for b in batches)
    print(f"machine: {machine()}\n")
    print(table(results))
    print(f"\nin the server (normalise, place, write) for the batches of {options.batch:,}: "
          f"{server_seconds:.2f} s; placed by {sum_counts(b['placed_by'] for b in batches)}, "
          f"unplaced {sum(b['unplaced'] for b in batches):,}; again: "
          f"{sum(b['unchanged'] for b in again):,} unchanged, {sum(b['added'] for b in again)} added")


def _timed_requests(results, url, token, options):
    """The first request, the batches new and again, and one status pull, each timed into ``results``."""
    started = time.perf_counter()
    post(url, token, tickets(1, start=10**7))
    results.append((f"first request (loads the intake: 2,100 cells, {options.buildings:,} buildings, "
                    "categories)", time.perf_counter() - started, None, ""))
    batches = run_batches(results, url, token, tickets(options.tickets), options.batch, "new")
    run_batches(results, url, token, tickets(options.tickets, start=options.tickets), options.tickets, "new")
    again = run_batches(results, url, token, tickets(options.tickets), options.batch, "the same again")
    pulled = time.perf_counter()
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with OPENER.open(request, timeout=600) as answer:
        page = json.loads(answer.read())
    results.append(("pull status (updated_after: one page of 1,000)", time.perf_counter() - pulled,
                    len(page["tickets"]), "tickets"))
    return batches, again


def sum_counts(dicts):
    total = {}
    for d in dicts:
        for k, v in d.items():
            total[k] = total.get(k, 0) + v
    return total


if __name__ == "__main__":
    main()
