"""Map and KPI reads from a streaming replica (``GRIDGOV_READ_DATABASE_URL``), tested with a small primary
cluster of the module's own and a second one following it (pg_basebackup -R; :mod:`tests.webmap.replica_pair`):
what the map shows comes from the replica — an incident written on the primary while the replica's replay is
paused is not there, and appears once replay goes on — while sign-in and sessions stay on the primary; and
the map keeps answering from the replica, in time, while the primary takes a large import (``gridgov
incidents import`` in a child process), then shows the imported incidents once they have replicated."""
import csv
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psycopg2
import pytest

from gis import db
from grids.cells import generations
from grids.mapview import cache
from tests.cases import T0, add_incident
from tests.conftest import wipe
from tests.map_world import NOW
from tests.shapes import ORIGIN, UNIT
from tests.webmap.demo_site import DEMO_TABLES, fill_map_world, get_json, sign_in
from tests.webmap.replica_pair import DATABASE, primary_and_replica
from webmap import create_app

ROOT = Path(__file__).resolve().parents[2]
IMPORTED = 150_000            # patrol reports in the file: a few seconds of intake on this machine
# Each map read answers within this while the primary imports. A read waiting for the import would take
# until its commit (~10-15 s here). Reads do slow down as the import goes on: every row the import has
# written but not committed is replayed into the replica's tables and checked for visibility by each read
# that meets it (150,000 rows: 40 ms at first, 1-2 s near the end, on this 2-core machine under load).
READ_SECONDS = 5.0
WINDOW = "from=2025-02-01&to=2025-03-06"


@pytest.fixture(scope="module")
def clusters():
    """A small primary of its own and its streaming replica (:mod:`tests.webmap.replica_pair`), the app and
    the CLI pointed at the primary for the module; the primary's owner URL, and the replica's URLs for the
    app role and for the owner."""
    with primary_and_replica() as (primary, follower), pytest.MonkeyPatch.context() as env:
        env.setenv("GRIDGOV_DATABASE_URL", primary.url(DATABASE))
        env.setenv("GRIDGOV_APP_DATABASE_URL", primary.url(DATABASE, user=db.APP_ROLE))
        env.setattr(db, "_pool", None)
        yield primary.url(DATABASE), follower.url(DATABASE, user=db.APP_ROLE), follower.url(DATABASE)
        if db._pool is not None:
            db._pool.closeall()


@pytest.fixture
def database_url(clusters):
    """The primary's test database (in place of the shared test cluster's)."""
    return clusters[0]


@pytest.fixture
def replica(clusters):
    """The replica's URLs: for the app role, and for the owner."""
    return clusters[1:]


@pytest.fixture
def app(database_url, replica, monkeypatch):
    fill_map_world(database_url)
    monkeypatch.setenv("GRIDGOV_READ_DATABASE_URL", replica[0])
    cache.forget()
    yield create_app({"SECRET_KEY": "test", "TESTING": True, "NOW": NOW})
    cache.forget()
    wipe(database_url, DEMO_TABLES)


def _caught_up(primary_url, replica_url):
    """Wait until the replica has replayed everything the primary has written."""
    with psycopg2.connect(primary_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_current_wal_lsn()")
        target = cur.fetchone()[0]
    for _ in range(200):
        with psycopg2.connect(replica_url) as conn, conn.cursor() as cur:
            cur.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,))
            if cur.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up in 10 s")


def _incident_refs(client):
    body = get_json(client, "/api/v1/incidents?from=2020-01-01&to=2030-01-01&limit=1000")
    return {f["properties"]["source_ref"] for f in body["features"]}


def test_the_map_reads_the_replica_and_sign_in_the_primary(app, database_url, replica):
    replica_app, replica_owner = replica
    _caught_up(database_url, replica_owner)
    command = sign_in(app, "command")                           # a session written on the primary
    before = _incident_refs(command)
    assert before                                               # the world's incidents, read on the replica

    with psycopg2.connect(replica_owner) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery(), pg_wal_replay_pause()")
        assert cur.fetchone()[0] is True
    conn = psycopg2.connect(database_url)
    with conn:
        add_incident(conn, "written-while-paused")
    conn.close()
    cache.forget()
    assert "written-while-paused" not in _incident_refs(command)  # the replica has not replayed it

    with psycopg2.connect(replica_owner) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_wal_replay_resume()")
    _caught_up(database_url, replica_owner)
    cache.forget()
    assert _incident_refs(command) == before | {"written-while-paused"}


def _patrol_file(path, count, seed=7):
    """A patrol export of ``count`` reports at random points of the 2 × 2 world, in the month before T0."""
    rng = np.random.default_rng(seed)
    lon = ORIGIN[0] + rng.uniform(0.01, 1.99, count) * UNIT
    lat = ORIGIN[1] + rng.uniform(0.01, 1.99, count) * UNIT
    start = T0.replace(tzinfo=None) - dt.timedelta(days=30)
    seconds = rng.integers(0, 29 * 86400, count)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["上报编号", "上报时间", "事件类型", "事件描述", "经度", "纬度"])
        for i in range(count):
            at = start + dt.timedelta(seconds=int(seconds[i]))
            writer.writerow([f"RP{i:08d}", at.strftime("%Y-%m-%d %H:%M:%S"), "噪声扰民", "巡查发现",
                             f"{lon[i]:.6f}", f"{lat[i]:.6f}"])
    return path


def _importing(primary_url):
    """Whether an import holds the intake lock in the primary's test database (an advisory lock, granted)."""
    with psycopg2.connect(primary_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database())")
        return cur.fetchone()[0] > 0


def _received(client):
    return get_json(client, f"/api/v1/kpis?{WINDOW}")["received"]


def test_the_replica_answers_map_reads_while_the_primary_takes_an_import(app, database_url, replica, tmp_path):
    _, replica_owner = replica
    path = _patrol_file(tmp_path / "patrol.csv", IMPORTED)
    conn = psycopg2.connect(database_url)
    with conn:
        generations.publish(conn)                               # an import places incidents in a published one
    conn.close()
    _caught_up(database_url, replica_owner)
    command = sign_in(app, "command")
    before = _received(command)
    env = {k: v for k, v in os.environ.items() if k != "GRIDGOV_READ_DATABASE_URL"}
    child = subprocess.Popen([sys.executable, "-c", "from gridgov_cli.main import cli; cli()", "incidents", "import",
                              str(path), "--channel", "patrol"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while child.poll() is None and not _importing(database_url):
        time.sleep(0.05)
    reads = []
    while child.poll() is None:                                 # map reads while the primary imports
        for url in (f"/api/v1/cells?level=grid&{WINDOW}", f"/api/v1/kpis?{WINDOW}"):
            cache.forget()                                      # from the replica, not the app's memory
            started = time.perf_counter()
            answer = command.get(url)
            seconds = time.perf_counter() - started
            reads.append((url, answer.status_code, seconds, _importing(database_url), answer.get_json()))
    output = child.communicate(timeout=60)[0]
    assert child.returncode == 0, output
    assert f"added {IMPORTED:,}" in output, output
    during = [r for r in reads if r[3]]                         # the import not committed when they answered
    seconds = [r[2] for r in during]
    print(next(line for line in output.splitlines() if line.startswith("imported")),
          f"\n{len(during)} map reads during the import: median {statistics.median(seconds) * 1000:.0f} ms, "
          f"max {max(seconds) * 1000:.0f} ms")
    assert len(during) >= 4                                     # the import lasted long enough to read under it
    assert {r[1] for r in reads} == {200} and max(r[2] for r in reads) < READ_SECONDS
    assert {r[4]["received"] for r in during if "kpis" in r[0]} == {before}     # nothing half-imported shows

    _caught_up(database_url, replica_owner)
    cache.forget()
    assert _received(command) == before + IMPORTED              # the replica shows the imported reports
