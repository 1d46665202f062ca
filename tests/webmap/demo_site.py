"""The demo district (seed 42) with its accounts in the test database, and signed-in test clients."""
import re

from etl.demo_accounts import demo_now
from gis import db
from tests.conftest import TABLES, wipe
from tests.etl.test_boundary_files import gridgov
from webmap import create_app

DEMO_TABLES = f"{TABLES}, category, account"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def build_demo(database_url):
    """Wipe the test store and build the demo in it (the CLI, as a user would); return the app."""
    wipe(database_url, DEMO_TABLES)
    result = gridgov("demo", "--seed", "42")
    assert result.exit_code == 0, result.output
    with db.connect() as conn:
        now = demo_now(conn)
    return create_app({"SECRET_KEY": "test secret", "TESTING": True, "NOW": now})


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
