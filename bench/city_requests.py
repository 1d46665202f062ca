"""The city bench's server side: the command page's requests, each cold then warm, and the KPIs, timed in
a fresh process on the Flask test client (the app, its SQL, its JSON; no socket).

Cold is the first ask of that question on a running server: the answer memory
(:mod:`grids.mapview.cache`) and the tile memory (:mod:`grids.mapview.tiles`) emptied before it. The cell geometry of each level, which ``gridgov serve``
reads before it listens, is read once first and timed on its own. The database's own buffers stay as
the previous questions left them (one cluster for the whole run; nothing empties the page cache).
"""
import os
import secrets
import statistics
import time

import numpy as np

from bench.city_incidents import NOW

USERNAME, PASSWORD = "command", "command-demo"      # the demo's names: bench.web_browser signs in with them
YEAR_2025 = {"since": "2025-01-01T00:00:00+08:00", "until": "2026-01-01T00:00:00+08:00", "now": NOW}


def create_account(conn):
    """The command-centre account (scope: the store's default, the city when it has one)."""
    from grids.people import accounts

    with conn.cursor() as cur:
        cur.execute("SELECT min(id) FROM person WHERE role = 'command_staff'")
        person = cur.fetchone()[0]
    accounts.create_account(conn, USERNAME, PASSWORD, "command_staff", person_id=person)


def context(conn):
    """The root of the account's area, a district, a community and a grid in it, and the view centre."""
    from grids.mapview import cell_layers
    from grids.people import accounts

    account = accounts.get_account(conn, username=USERNAME)
    root = accounts.scope_codes(conn, account)[0]
    with conn.cursor() as cur:
        cur.execute("SELECT min(code) FILTER (WHERE level = 'district'), min(code) FILTER (WHERE level = 'grid') "
                    "FROM cell WHERE generation_high IS NULL")
        district, grid = cur.fetchone()
    box = cell_layers.cell_info(conn, grid[:12])["bbox"]
    return {"root": root, "district": district, "community": grid[:12], "grid": grid,
            "centre": ((box[1] + box[3]) / 2, (box[0] + box[2]) / 2)}


def windows():
    """``{name: query}`` of the windows asked (``to`` exclusive, whole days, the stores' now is New Year 2026)."""
    def span(since, until):
        return f"from={since}&to={until}"
    return {"30 days": span("2025-12-02", "2026-01-01"), "12 months": span("2025-01-01", "2026-01-01"),
            "June 2024": span("2024-06-01", "2024-07-01"), "4 years": span("2022-01-01", "2026-01-01")}


def page_requests(ctx, category):
    """``[(what, path)]``: the command page's requests over every window, level and filter. At the root
    the page names no cell (``static/js/command.js``: the account's whole area), below it ``within``."""
    r, d, c, g = ctx["root"], ctx["district"], ctx["community"], ctx["grid"]
    found = [("loads of the city", "/api/v1/loads"), ("loads of a community", f"/api/v1/loads?within={c}")]
    for name, window in windows().items():
        for level in ("district", "street", "grid"):
            found.append((f"{name}: cells, every {level} of the city", f"/api/v1/cells?{window}&level={level}"))
        found += [
            (f"{name}: cells, grids of a district", f"/api/v1/cells?{window}&level=grid&within={d}"),
            (f"{name}: cells, micro-grids of a grid", f"/api/v1/cells?{window}&level=microgrid&within={g}"),
            (f"{name}: KPIs of the city", f"/api/v1/kpis?{window}&cell={r}"),
            (f"{name}: KPIs of a district", f"/api/v1/kpis?{window}&cell={d}"),
            (f"{name}: hot cells, every grid", f"/api/v1/hot-cells?level=grid&{window}&limit=10"),
            (f"{name}: heat of the city", f"/api/v1/heat?{window}"),
        ]
    month = windows()["30 days"]
    for name, extra in (("category", f"category={category}"), ("channel hotline", "channel=hotline"),
                        ("status open", "status=open"), ("status overdue", "status=overdue")):
        found += [(f"30 days, {name}: cells, every district", f"/api/v1/cells?{month}&{extra}&level=district"),
                  (f"30 days, {name}: cells, grids of a district",
                   f"/api/v1/cells?{month}&{extra}&level=grid&within={d}"),
                  (f"30 days, {name}: heat", f"/api/v1/heat?{month}&{extra}")]
        if name in ("category", "channel hotline"):
            found.append((f"30 days, {name}: KPIs of the city", f"/api/v1/kpis?{month}&{extra}&cell={r}"))
    return found + [(f"MVT tile, {layer} z{z}", tile_path(ctx, layer, z)) for layer, z in (("grids", 13), ("microgrids", 16))]


def tile_path(ctx, layer, z):
    x, y = tile_of(*ctx["centre"], z)
    return f"/api/v1/tiles/{layer}/{z}/{x}/{y}.mvt"


def tile_of(lat, lon, z):
    n = 2 ** z
    y = (1 - np.log(np.tan(np.radians(lat)) + 1 / np.cos(np.radians(lat))) / np.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def time_requests(url, repeat):
    """In a fresh process: ``(context, [(what, path, cold s, [warm s], bytes)], KPI rows, start-up s)``."""
    os.environ["GRIDGOV_DATABASE_URL"] = url
    from bench.bench_web import _get, _test_client, _timed
    from gis import db
    from grids.mapview import cache, cell_layers, tiles
    from webmap import create_app

    with db.connect() as conn:
        ctx = context(conn)
        started = time.perf_counter()
        cell_layers.warm(conn)
        start_up = time.perf_counter() - started
        with conn.cursor() as cur:
            cur.execute("SELECT min(code) FROM category WHERE parent_code IS NOT NULL")
            category = cur.fetchone()[0]
    client = _test_client(create_app({"SECRET_KEY": secrets.token_urlsafe(32), "NOW": NOW}))
    rows = []
    for what, path in page_requests(ctx, category):
        cold = _timed(client, path, before=lambda: (cache.forget(), tiles.forget()))
        warm = [_timed(client, path) for _ in range(repeat)]
        rows.append((what, path, cold, warm, len(_get(client, path))))
    return ctx, rows, time_kpis(ctx, repeat), start_up


def time_kpis(ctx, repeat):
    """``[(what, first s, [then s], rows)]``: ``grids.cases.kpi`` for every grid of a district and of the
    city over 2025."""
    from gis import db
    from grids.cases.kpi import kpis_by_level

    found = []
    with db.connect() as conn:
        for what, within in (("every grid of one district, 2025", ctx["district"]),
                             ("every grid of the city, 2025", None)):
            started = time.perf_counter()
            rows = kpis_by_level(conn, "grid", within=within, **YEAR_2025)
            first = time.perf_counter() - started
            then = []
            for _ in range(repeat):
                started = time.perf_counter()
                kpis_by_level(conn, "grid", within=within, **YEAR_2025)
                then.append(time.perf_counter() - started)
            found.append((what, first, then, len(rows)))
    return found


def ms(seconds):
    return f"{seconds * 1000:,.0f}"


def median_p95(times):
    return f"{ms(statistics.median(times))} / {ms(float(np.percentile(times, 95)))}"


def report(rows, kpis, start_up, target=0.3):
    print(f"\nread every level's cells (what `gridgov serve` does before it listens): {start_up:.1f} s\n")
    print("| request | cold ms | warm median / p95 ms | KiB | cold < 300 ms |")
    print("|---|---:|---:|---:|:---:|")
    for what, _, cold, warm, size in rows:
        print(f"| {what} | {ms(cold)} | {median_p95(warm)} | {size / 1024:,.0f} | {'yes' if cold < target else 'NO'} |")
    slow = [row for row in rows if row[2] >= target]
    print(f"\ncold under 300 ms: {len(rows) - len(slow)} of {len(rows)}; slowest cold: "
          + "; ".join(f"{what} {ms(cold)} ms" for what, _, cold, _, _ in sorted(slow, key=lambda r: -r[2])[:5]))
    print("\n| KPIs (grids.cases.kpi.kpis_by_level) | first ms | then median / p95 ms | rows | target |")
    print("|---|---:|---:|---:|---|")
    for (what, first, then, count), target_ms in zip(kpis, ("< 300 ms", "< 1,000 ms")):
        print(f"| {what} | {ms(first)} | {median_p95(then)} | {count:,} | {target_ms} |")


