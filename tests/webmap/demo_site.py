"""The demo district (seed 42) with its accounts in the test database, the small map world with its command
account, and signed-in test clients."""
import re
import subprocess
import tempfile
from pathlib import Path

import psycopg2

from etl.demo.accounts import demo_now
from gis import db, embedded
from grids.people import accounts
from tests.cases import DISTRICT
from tests.command_line import gridgov
from tests.conftest import TABLES, wipe
from tests.map_world import load_map_world
from webmap import create_app

DEMO_TABLES = f"{TABLES}, category, account"
# what the migrations and PostGIS own: dispute_type's rows are migration 023's seed, which `gridgov demo` reads
# and does not write (emptied, the demo stopped at its mediators' specialties); reception_theme's, 027's
# (the months' topics of the reception days)
NOT_DATA = ("schema_migration", "spatial_ref_sys", "dispute_type", "reception_theme")
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_DUMPS = {}                                            # database url -> the demo's data, dumped once a session


def fill_demo_store(database_url):
    """Empty every table of the test store and put the demo (seed 42) with its accounts in it.

    The session's first call builds it with the CLI, as a user would (about 35 s), and dumps its data;
    later calls restore that dump (a few seconds): the same rows, ids and sequence values, whatever the
    previous module did to the store.
    """
    wipe(database_url, ", ".join(_data_tables(database_url)))
    dump = _DUMPS.get(database_url)
    if dump is None:
        result = gridgov("demo", "--seed", "42")
        assert result.exit_code == 0, result.output
        _DUMPS[database_url] = _dump(database_url)
    else:
        _pg("pg_restore", "--data-only", "--disable-triggers", "--single-transaction", "--dbname", database_url,
            dump)


def _data_tables(database_url):
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT tablename = ANY(%s)",
                    (list(NOT_DATA),))
        tables = [row[0] for row in cur.fetchall()]
    conn.close()
    return tables


def _dump(database_url):
    path = Path(tempfile.mkdtemp(prefix="gridgov-demo-")) / "demo.dump"
    excluded = [arg for table in NOT_DATA for arg in ("--exclude-table", table)]
    _pg("pg_dump", "--data-only", "--format", "custom", *excluded, "--file", path, "--dbname", database_url)
    return path


def _pg(program, *args):
    subprocess.run([str(embedded.pg_bindir() / program), *map(str, args)], check=True, capture_output=True)


def fill_map_world(database_url):
    """Empty the test store and put the map world (:mod:`tests.map_world`) in it, with the district's
    ``command`` account (password ``command-demo``), committed."""
    wipe(database_url, DEMO_TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        load_map_world(conn)
        accounts.create_account(conn, "command", "command-demo", "command_staff", scope_code=DISTRICT)
    conn.close()


def build_demo(database_url):
    """The demo in the test store (:func:`fill_demo_store`); return the app over it."""
    fill_demo_store(database_url)
    with db.connect() as conn:
        now = demo_now(conn)
    return create_app({"SECRET_KEY": "test secret", "TESTING": True, "NOW": now})


def get_json(client, url, status=200):
    """The JSON answer of ``GET url``, which must have ``status``."""
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_json()


def csrf_token(client, path="/login"):
    """The CSRF token of the form at ``path``."""
    return _TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def sign_in(app, username, password=None):
    """A test client signed in as ``username`` (demo password by default)."""
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password or f"{username}-demo",
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
