"""Map and KPI reads from a streaming replica (``GRIDGOV_READ_DATABASE_URL``), tested with a second local
cluster following the first (pg_basebackup -R): what the map shows comes from the replica — an incident
written on the primary while the replica's replay is paused is not there, and appears once replay goes
on — while sign-in and sessions stay on the primary."""
import os
import shutil
import time
from dataclasses import replace

import psycopg2
import pytest

from gis import db, embedded
from grids.mapview import cache
from grids.people import accounts
from tests.cases import DISTRICT, add_incident
from tests.conftest import wipe
from tests.map_world import NOW, load_map_world
from tests.webmap.demo_site import DEMO_TABLES, get_json, sign_in
from webmap import create_app


@pytest.fixture(scope="module")
def replica(database_url):
    """A streaming replica of the test cluster, on its own socket; its URL for the app role."""
    if os.environ.get("GRIDGOV_TEST_DATABASE_URL"):
        pytest.skip("the replica is made from the embedded test cluster; an external test server has none")
    primary = embedded.cluster()
    follower = replace(primary, home=primary.home.parent / f"{primary.home.name}-replica-{os.getpid()}")
    shutil.rmtree(follower.home, ignore_errors=True)
    embedded._prepare_dirs(follower)
    embedded._run(follower, "pg_basebackup", "-D", follower.data_dir, "-R", "-X", "stream", "-c", "fast",
                  "-d", f"host={primary.socket_dir} user={embedded.SUPERUSER}")
    with open(follower.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(f"unix_socket_directories = '{follower.socket_dir}'\nhot_standby = on\n")
    embedded._run(follower, "pg_ctl", "-D", follower.data_dir, "-l", follower.log_file, "-w", "start")
    name = psycopg2.extensions.parse_dsn(database_url)["dbname"]
    try:
        yield follower.url(name, user=db.APP_ROLE), follower.url(name)
    finally:
        embedded._run(follower, "pg_ctl", "-D", follower.data_dir, "-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(follower.home, ignore_errors=True)


@pytest.fixture
def app(database_url, replica, monkeypatch):
    wipe(database_url, DEMO_TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        load_map_world(conn)
        accounts.create_account(conn, "command", "command-demo", "command_staff", scope_code=DISTRICT)
    conn.close()
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
