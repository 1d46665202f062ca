"""Benchmark of the staff workbench and the review queue: every request their pages make, per role.

Run: ``.venv/bin/python -m bench.bench_desk [--only city|demo] [--repeat N]``

The stores of :mod:`bench.bench_web` (the demo district, built when missing; the synthetic city of
``python -m bench.bench_cases`` when it exists), with the demo accounts. The requests go through the
Flask test client in this process (the app, its SQL and its JSON; no socket) as the command officer
(the whole district) and the community officer (one community). *First*: the request's first call in
a fresh app (its connection pool empty, so a new connection and the store's cold plans); *warm*: median
and p95 of ``--repeat`` calls after it. The workbench's queries are not remembered between calls
(a desk must see a change at once), so warm is what every later click costs.
"""
import argparse
import multiprocessing
import os
import secrets
import statistics

import numpy as np

from bench.bench_web import STORES, _get, _seconds, context, prepare
from bench.common import machine

USERS = ("command", "community")


def requests(conn):
    """``[(what, path)]``: the workbench's and the review queue's requests, as desk.js and review.js make them."""
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM incident WHERE status IN ('dispatched', 'in_progress') "
                    "AND community_code = %s ORDER BY id DESC LIMIT 1", (context(conn)["community"],))
        case = cur.fetchone()[0]
        cur.execute("SELECT id FROM incident WHERE placement_method IS NULL ORDER BY id LIMIT 1")
        unplaced = cur.fetchone()[0]
    return [("tabs", "/api/v1/desk/tabs"), ("queue 办理中", "/api/v1/desk/cases?tab=working"),
            ("queue 待回访", "/api/v1/desk/cases?tab=followup"), ("queue red only", "/api/v1/desk/cases?tab=working&colour=red"),
            ("one case", f"/api/v1/desk/cases/{case}"), ("call-backs", "/api/v1/desk/followups"),
            ("supervision by rule", "/api/v1/desk/supervision"), ("whistle lateness", "/api/v1/desk/whistles"),
            ("departments", "/api/v1/desk/departments"), ("review queue", "/api/v1/review/unplaced"),
            ("one unplaced + candidates", f"/api/v1/review/unplaced/{unplaced}")]


def time_store(url, repeat):
    import psycopg2

    from etl.demo.accounts import demo_now
    from webmap import create_app

    os.environ["GRIDGOV_DATABASE_URL"] = url      # this child process's pool connects there
    conn = psycopg2.connect(url)
    asked = requests(conn)
    now = demo_now(conn)
    conn.close()
    rows = []
    for user in USERS:
        app = create_app({"SECRET_KEY": secrets.token_urlsafe(32), "TESTING": True, "NOW": now})
        client = _signed_in(app, user)
        for what, path in asked:
            if path.startswith("/api/v1/review") and user != "command":
                continue
            first = _seconds(lambda: _get(client, path))
            warm = [_seconds(lambda: _get(client, path)) for _ in range(repeat)]
            rows.append((user, what, path, first, warm, len(_get(client, path))))
    return rows


def _signed_in(app, username):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": username, "password": f"{username}-demo", "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


def report(name, rows):
    print(f"\n## {STORES[name][1]}\n\n{machine()}\n")
    print("| account | request | first (ms) | warm median / p95 (ms) | bytes |\n|---|---|---:|---:|---:|")
    for user, what, _, first, warm, size in rows:
        print(f"| {user} | {what} | {first * 1000:,.0f} | {statistics.median(warm) * 1000:,.0f} / "
              f"{np.percentile(warm, 95) * 1000:,.0f} | {size:,} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=list(STORES))
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    for name in [args.only] if args.only else list(STORES):
        try:
            url = prepare(name)
        except SystemExit as missing:
            print(f"\n{name}: skipped ({missing})")
            continue
        with multiprocessing.get_context("spawn").Pool(1) as child:     # one store, one process, one pool
            report(name, child.apply(time_store, (url, args.repeat)))


if __name__ == "__main__":
    main()
