"""Benchmark of the command page: its data requests, its first map in Chromium, 20 clients at once.

Run: ``.venv/bin/python -m bench.bench_web [--only city|demo] [--repeat N] [--loads N] [--seconds S] [--server-only]``

Two stores in the embedded cluster, neither rebuilt here:

- ``city``: the synthetic city of ``bench.bench_cases`` in ``gridgov_bench_cases`` (10 streets, 200
  communities, 2,000 grids, 100,000 building micro-grids, 1,000,000 incidents with a year of cases;
  ``python -m bench.bench_cases`` makes it, ~10 minutes);
- ``demo``: the demo district (seed 42) in ``gridgov_bench_web_demo``, made by ``gridgov demo`` when
  missing.

The demo accounts are added to both (the schema migrated first). The clock is the stores' own "now"
(2026-01-01 00:00 +08:00), as ``gridgov serve --demo`` sets it.

1. **Server**: every request the command page makes (the first view, other levels, a drill-down to a
   community and a grid, the year, heat, outlines at zoom 13/15/16, a cell) through the Flask test
   client in a child process (the app, its SQL and its JSON; no socket). *Cold*: the question asked
   for the first time on a running server — the answer memory of :mod:`grids.mapview.cache` emptied before
   each call, then what ``gridgov serve`` computes before it listens (each level's geometry, every
   member's load; both timed on their own) computed again, untimed; *warm*: asked again; *first after
   warm-up*: the memory emptied, :func:`grids.mapview.warm_start.warm` run (timed: what ``gridgov serve`` does in
   the background once it listens), then every request asked once in the page's order. Median and p95
   of ``--repeat`` calls (rounds).
2. **Outlines, GeoJSON or vector tiles**: the micro-grids of a 1920×1080 view at zoom 15, 16 and 17 as
   one ``/api/v1/outlines`` answer, and as the Mapbox vector tiles covering the view (``ST_AsMVT``,
   ``grids/mapview/sql/cell_tile.sql``, as ``/api/v1/tiles`` cuts them): milliseconds and bytes (also
   gzipped) of each.
3. **Browser**: ``gridgov serve --demo`` (waitress) in a child process; headless Chromium signs in and
   loads ``/command`` ``--loads`` times: seconds from navigation to the first density polygons on
   screen and to every panel filled; then micro-grid outlines after moves to three views (zoom 15, 16,
   15; each outside the last one fetched, so the page fetches again).
4. **Load**: on the same server, once every request of :func:`load_mix` has been asked once (a server
   that has been running: its answer memory holds the mix), 20 signed-in clients (threads), each
   asking a request drawn from the mix back to back for ``--seconds``: p50, p95 and max per kind and
   overall.
"""
import argparse
import gzip
import json
import math
import multiprocessing
import os
import re
import secrets
import statistics
import subprocess
import time

import numpy as np

from bench.common import machine
from bench.web_load import ROOT, Client, Server, concurrent_load, summary
from gis import embedded

STORES = {
    "city": ("gridgov_bench_cases", "synthetic city (2,000 grids, 100,000 micro-grids, 1,000,000 incidents)"),
    "demo": ("gridgov_bench_web_demo", "demo district (seed 42: 310 grids, 16,657 micro-grids, 49,950 incidents)"),
}
VIEW = (1920, 1080)
TILE = {"level": "microgrid", "layer": "microgrids", "prefixes": None}   # /api/v1/tiles/microgrids, every scope
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare(name):
    """The URL of store ``name``, migrated, with the demo accounts; the demo is built when missing."""
    import psycopg2

    database, _ = STORES[name]
    cluster = embedded.start()
    embedded.create_database(cluster, database)
    url = cluster.url(database)
    if name == "demo":
        subprocess.run([str(ROOT / ".venv/bin/gridgov"), "demo", "--seed", "42"], check=True, capture_output=True,
                       env={**os.environ, "GRIDGOV_DATABASE_URL": url})
    from etl.demo.accounts import create_demo_accounts
    from gis import migrate

    conn = psycopg2.connect(url)
    with conn:
        migrate.migrate(conn)
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM incident")
            if cur.fetchone()[0] == 0:
                raise SystemExit(f"{database} holds no incidents: run `python -m bench.bench_cases` first")
        create_demo_accounts(conn)
    conn.close()
    return url


def context(conn):
    """What the requests are about: the district, the demo community and grid, today, the view centre."""
    from etl.demo.accounts import demo_now
    from grids.mapview import cell_layers
    from grids.people import accounts

    now = demo_now(conn)
    community = accounts.get_account(conn, username="community")["scope_code"]
    grid = accounts.scope_codes(conn, accounts.get_account(conn, username="member"))[0]
    box = cell_layers.cell_info(conn, community)["bbox"]
    return {"district": accounts.default_scope(conn), "community": community, "grid": grid, "now": now,
            "today": now.date(), "centre": ((box[1] + box[3]) / 2, (box[0] + box[2]) / 2)}


def page_requests(ctx):
    """``[(what, path)]``: the requests of the command page, as ``static/js/command.js`` makes them."""
    d, c, g = ctx["district"], ctx["community"], ctx["grid"]
    month = f"from={_day(ctx, -29)}&to={_day(ctx, 1)}"
    year = f"from={_day(ctx, -364)}&to={_day(ctx, 1)}"     # the page's 12 months (the stores' "now" is New Year)
    lat, lon = ctx["centre"]
    return [
        ("first view: the page (HTML, with the account and its cell)", "/command"),
        ("first view: cells, streets, 30 days", f"/api/v1/cells?{month}&level=street&within={d}"),
        ("first view: KPIs of the district", f"/api/v1/kpis?{month}&cell={d}"),
        ("first view: member loads", f"/api/v1/loads?within={d}"),
        ("first view: hot cells, streets", f"/api/v1/hot-cells?level=street&{month}&limit=10&within={d}"),
        ("first view: overdue and supervised cases",
         f"/api/v1/incidents?cell={d}&status=overdue_or_supervised&limit=5000"),
        ("first view: categories", "/api/v1/categories"),
        ("level: communities", f"/api/v1/cells?{month}&level=community&within={d}"),
        ("level: grids (also the load layer)", f"/api/v1/cells?{month}&level=grid&within={d}"),
        ("hot cells, grids", f"/api/v1/hot-cells?level=grid&{month}&limit=10&within={d}"),
        ("heat layer, 30 days", f"/api/v1/heat?{month}&cell={d}"),
        ("drill-down: cell/COMMUNITY", f"/api/v1/cell/{c}"),
        ("drill-down: grids of a community", f"/api/v1/cells?{month}&level=grid&within={c}"),
        ("drill-down: KPIs of a community", f"/api/v1/kpis?{month}&cell={c}"),
        ("drill-down: loads of a community", f"/api/v1/loads?within={c}"),
        ("drill-down: micro-grids of a grid", f"/api/v1/cells?{month}&level=microgrid&within={g}"),
        ("drill-down: micro-grids of a community", f"/api/v1/cells?{month}&level=microgrid&within={c}"),
        ("year (12 months): cells, streets", f"/api/v1/cells?{year}&level=street&within={d}"),
        ("year (12 months): cells, grids", f"/api/v1/cells?{year}&level=grid&within={d}"),
        ("year (12 months): KPIs of the district", f"/api/v1/kpis?{year}&cell={d}"),
        ("year (12 months): hot cells, streets", f"/api/v1/hot-cells?level=street&{year}&limit=10&within={d}"),
        ("year (12 months): heat", f"/api/v1/heat?{year}&cell={d}"),
        ("outlines: dedicated grids, z13 view",
         f"/api/v1/outlines?level=grid&kind=dedicated&bbox={_bbox(lat, lon, 13)}"),
        ("outlines: micro-grids, z15 view", f"/api/v1/outlines?level=microgrid&bbox={_bbox(lat, lon, 15)}"),
        ("outlines: micro-grids, z16 view", f"/api/v1/outlines?level=microgrid&bbox={_bbox(lat, lon, 16)}"),
    ]


def load_mix(ctx):
    """``[(kind, weight, [paths])]`` for the concurrent clients: mostly the first view and its panels,
    then drill-downs, other levels and outlines while panning (views around the centre), some heat."""
    requests = dict(page_requests(ctx))
    lat, lon = ctx["centre"]
    pans = [(lat + dy, lon + dx) for dy in (-0.004, 0, 0.004) for dx in (-0.006, 0, 0.006)]
    weights = {"first view": 40, "level": 10, "drill-down": 20, "year": 5, "heat": 5, "hot cells": 5}
    mix = [(kind, weights[kind], [p for what, p in requests.items() if what.startswith(kind)]) for kind in weights]
    mix.append(("outlines while panning", 15,
                [f"/api/v1/outlines?level=microgrid&bbox={_bbox(a, b, z)}" for a, b in pans for z in (15, 16)]
                + [f"/api/v1/outlines?level=grid&kind=dedicated&bbox={_bbox(a, b, 13)}" for a, b in pans]))
    return mix


def time_server(url, repeat):
    """In a child process: ``(context, [(what, path, cold, warm, after warm-up, bytes)], outline formats,
    start-up)``; start-up: seconds to read every level, to compute every member's load, to warm
    (:func:`grids.mapview.warm_start.warm`, every round), and the load average."""
    os.environ["GRIDGOV_DATABASE_URL"] = url
    from gis import db
    from grids.mapview import cache, cell_layers, queries, warm_start
    from webmap import create_app

    load_average = _load_average()
    with db.connect() as conn:
        ctx = context(conn)
        started = time.perf_counter()
        cell_layers.warm(conn)
        levels = time.perf_counter() - started
        member_loads = [_seconds(lambda: (cache.forget(), queries.member_loads(conn, ctx["now"])))
                        for _ in range(3)]

    def first_ask():                    # a server warming: each level's geometry and every member's load known
        cache.forget()
        with db.connect() as conn:
            queries.member_loads(conn, ctx["now"])

    app = create_app({"SECRET_KEY": secrets.token_urlsafe(32), "NOW": ctx["now"]})
    client = _test_client(app)
    requests, rows = page_requests(ctx), []
    for what, path in requests:
        size = len(_get(client, path))                       # the connection's first use (plans, caches)
        cold = [_timed(client, path, before=first_ask) for _ in range(repeat)]
        warm = [_timed(client, path) for _ in range(repeat)]
        rows.append([what, path, cold, warm, [], size])
    warm_ups = []
    for _ in range(repeat):             # the first ask of each request, in the page's order, after a warm-up
        cache.forget()
        with db.connect() as conn:
            warm_ups.append(warm_start.warm(conn, ctx["now"]))
        for row in rows:
            row[4].append(_timed(client, row[1]))
    formats = outline_formats(client, ctx)
    return ctx, rows, formats, (levels, statistics.median(member_loads), warm_ups, load_average)


def outline_formats(client, ctx):
    """``[(zoom, cells, geojson ms, bytes, gzipped, tiles, tile ms sum, tile ms p95, bytes, gzipped)]``."""
    from gis import db
    from gis.sqlfiles import load
    from grids.mapview import cell_layers

    lat, lon = ctx["centre"]
    found = []
    with db.connect() as conn, conn.cursor() as cur:
        generation = cell_layers.current(conn)
        for zoom in (15, 16, 17):
            path = f"/api/v1/outlines?level=microgrid&bbox={_bbox(lat, lon, zoom)}"
            body = _get(client, path)
            geojson_ms = statistics.median(_timed(client, path) for _ in range(5)) * 1000
            tiles = list(_tiles(lat, lon, zoom))
            # As /api/v1/tiles does (grids.mapview.tiles): a serial scan, each tile cut anew (no memory)
            cur.execute(load("grids.mapview", "cell_tile_serial"))
            cur.execute(load("grids.mapview", "cell_tile"), {**TILE, "z": zoom, "x": tiles[0][0], "y": tiles[0][1],
                                                              "generation": generation})     # PROJ for 3857
            times, blobs = [], []
            for x, y in tiles:
                started = time.perf_counter()
                cur.execute(load("grids.mapview", "cell_tile"), {**TILE, "z": zoom, "x": x, "y": y,
                                                                  "generation": generation})
                blobs.append(bytes(cur.fetchone()[0]))
                times.append(time.perf_counter() - started)
            found.append((zoom, len(json.loads(body)["features"]), geojson_ms, len(body), len(gzip.compress(body, 6)),
                          len(tiles), sum(times) * 1000, float(np.percentile(times, 95)) * 1000,
                          sum(map(len, blobs)), sum(len(gzip.compress(b, 6)) for b in blobs)))
    return found


def browser_and_load(url, ctx, loads, seconds, mix=None, views=None):
    """``gridgov serve`` on ``url``; the first map in Chromium, outlines, then 20 clients at once asking
    ``mix`` (default :func:`load_mix`). ``views``: ``[(lat, lon, zoom)]`` for the outlines (default three
    around the context's centre; ``[]``: none)."""
    from bench import web_browser

    mix = mix or load_mix(ctx)
    server = Server(url)
    try:
        driver = web_browser.chromium()
        try:
            web_browser.sign_in(driver, server.base)
            first, complete = web_browser.first_map_seconds(driver, server.base, loads)
            lat, lon = ctx["centre"]
            if views is None:
                views = [(lat, lon, 15), (lat, lon + 0.03, 16), (lat + 0.01, lon - 0.03, 15)]
            outlines = web_browser.outlines_seconds(driver, views)
        finally:
            driver.quit()
        started, paths = time.perf_counter(), sorted({p for _, _, kind in mix for p in kind})
        warmer = Client(server.port)
        for path in paths:                       # every question of the mix asked once: a running server
            warmer.get(path)
        warm_up = (len(paths), time.perf_counter() - started)
        uptime = _load_average()
        timings, errors = concurrent_load(server.port, mix, clients=20, seconds=seconds)
    finally:
        server.stop()
    return {"start": server.start_seconds, "first": first, "complete": complete, "outlines": outlines,
            "warm_up": warm_up, "timings": timings, "errors": errors, "load_before": uptime,
            "load_after": _load_average()}


def report(name, ctx, rows, formats, start_up, web):
    print(f"\n## {STORES[name][1]}\n")
    listening = f"`gridgov serve` listening after {web['start']:.1f} s; " if web else ""
    print(f"read every level: {start_up[0]:.2f} s; every member's load: {start_up[1]:.2f} s (median of 3); "
          f"warm-up (levels, loads, quick windows): " + ", ".join(f"{s:.1f}" for s in start_up[2]) + " s; "
          f"{listening}load average before the timings: {start_up[3]}\n")
    print("| request | cold median / p95 ms | warm median / p95 ms | first after warm-up median / p95 ms | KiB |")
    print("|---|---:|---:|---:|---:|")
    for what, path, cold, warm, after_warm_up, size in rows:
        print(f"| {what} | {_ms(cold)} | {_ms(warm)} | {_ms(after_warm_up)} | {size / 1024:,.0f} |")
    print("\n| zoom | micro-grids | GeoJSON ms | GeoJSON KiB (gzip) | tiles | tiles ms (sum, p95 of one) "
          "| tiles KiB (gzip) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for z, n, gms, gb, gz, t, tms, tp95, tb, tgz in formats:
        print(f"| {z} | {n:,} | {gms:.0f} | {gb / 1024:,.0f} ({gz / 1024:,.0f}) | {t} | {tms:.0f}, {tp95:.1f} | "
              f"{tb / 1024:,.0f} ({tgz / 1024:,.0f}) |")
    if web:
        report_web(web)


def report_web(web):
    print(f"\nfirst map in Chromium (s, {len(web['first'])} loads, the first with an empty cache): "
          + ", ".join(f"{s:.2f}" for s in web["first"]) + f" — median {statistics.median(web['first']):.2f}")
    print("every panel filled (s): " + ", ".join(f"{s:.2f}" for s in web["complete"]))
    print("micro-grid outlines drawn after a move (s, zoom, polygons): "
          + "; ".join(f"z{z} {s:.2f} ({n:,})" for z, s, n in web["outlines"]))
    by_kind = {}
    for (kind, _), times in web["timings"].items():
        by_kind.setdefault(kind, []).extend(times)
    everything = [t for times in by_kind.values() for t in times]
    print(f"\n20 clients for {len(everything):,} requests after one pass over the mix's "
          f"{web['warm_up'][0]} requests ({web['warm_up'][1]:.1f} s); load average {web['load_before']} before, "
          f"{web['load_after']} after; {web['errors']} answers not 200\n")
    print("| kind | requests | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for kind, times in [*sorted(by_kind.items()), ("all", everything)]:
        n, p50, p95, top = summary(times)
        print(f"| {kind} | {n:,} | {p50 * 1000:.0f} | {p95 * 1000:.0f} | {top * 1000:.0f} |")
    slowest = sorted(web["timings"].items(), key=lambda item: -summary(item[1])[2])[:6]
    print("\nslowest requests by p95: " + "; ".join(
        f"{path} {summary(times)[2] * 1000:.0f} ms ({len(times)})" for (_, path), times in slowest))


def _test_client(app):
    client = app.test_client()
    token = _TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": "command", "password": "command-demo", "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
    return response.get_data()


def _seconds(run):
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _timed(client, path, before=None):
    if before:
        before()
    started = time.perf_counter()
    _get(client, path)
    return time.perf_counter() - started


def _ms(times):
    return f"{statistics.median(times) * 1000:,.0f} / {np.percentile(times, 95) * 1000:,.0f}"


def _day(ctx, days):
    import datetime as dt
    return (ctx["today"] + dt.timedelta(days=days)).isoformat()


def _pixel(lat, lon, zoom):
    scale = 256 * 2 ** zoom
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * scale
    return (lon + 180) / 360 * scale, y, scale


def _bbox(lat, lon, zoom):
    """``minlon,minlat,maxlon,maxlat`` of a :data:`VIEW`-sized map at ``zoom`` centred on ``lat, lon``."""
    x, y, scale = _pixel(lat, lon, zoom)

    def lonlat(px, py):
        return px / scale * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / scale))))

    (w, s), (e, n) = lonlat(x - VIEW[0] / 2, y + VIEW[1] / 2), lonlat(x + VIEW[0] / 2, y - VIEW[1] / 2)
    return ",".join(f"{v:.6f}" for v in (w, s, e, n))


def _tiles(lat, lon, zoom):
    """The 256-pixel tiles ``(x, y)`` covering that view."""
    x, y, _ = _pixel(lat, lon, zoom)
    for tx in range(int((x - VIEW[0] / 2) // 256), int((x + VIEW[0] / 2) // 256) + 1):
        for ty in range(int((y - VIEW[1] / 2) // 256), int((y + VIEW[1] / 2) // 256) + 1):
            yield tx, ty


def _load_average():
    return open("/proc/loadavg").read().split()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=sorted(STORES))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--server-only", action="store_true", help="only the server timings (steps 1 and 2)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    for name in [args.only] if args.only else ["demo", "city"]:
        url = prepare(name)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            ctx, rows, formats, start_up = pool.apply(time_server, (url, args.repeat))
        web = None if args.server_only else browser_and_load(url, ctx, args.loads, args.seconds)
        report(name, ctx, rows, formats, start_up, web)


if __name__ == "__main__":
    main()
