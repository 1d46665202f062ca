"""The demo district (seed 42) with its accounts in the test database, the small map world with its command
account, and signed-in test clients."""
import re

import psycopg2

from etl.demo.accounts import demo_now
from gis import db
from grids.people import accounts
from tests.cases import DISTRICT
from tests.conftest import TABLES, wipe
from tests.demo_store import demo_store
from tests.map_world import load_map_world
from webmap import create_app

DEMO_TABLES = f"{TABLES}, category, account"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def fill_demo_store(database_url):
    """Empty every table of the test store and put the demo (seed 42) with its accounts in it: built once
    a test run and restored from its dump after (:mod:`tests.demo_store`), whatever the previous module did
    to the store."""
    demo_store(database_url, 42)


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
