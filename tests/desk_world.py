"""The case-loop world of ``tests.cases`` with what the workbench adds: a second department K2 (no
categories of its own), and the accounts of each staff role as the workbench sees them (role, person,
scope)."""
import contextlib
import secrets

import psycopg2

from grids.people import accounts
from grids.people.roster import add_person
from tests.cases import COMMUNITY, DISTRICT, STREET, load_world
from tests.conftest import TABLES, wipe

PASSWORD = "desk-password-1"
# username: (role, scope cell, person code) of the accounts a web test of the workbench signs in as
ACCOUNTS = {"command": ("command_staff", DISTRICT, "D1"), "street": ("street_staff", STREET, "S1"),
            "community": ("community_staff", COMMUNITY, "C1"), "k1": ("department", None, "K1"),
            "member": ("grid_member", None, "M1"), "planner": ("planner", DISTRICT, None)}


def load_desk_world(conn):
    """The people's ids by code (M1–M3, C1, S1, D1, K1, K2)."""
    people = load_world(conn)
    people["K2"] = add_person(conn, "市场监管", "department", code="K2", phone="13712345679")
    return people


def desk_accounts(people):
    """``{name: (account, scope)}`` for command, street, community, department (K1, K2) and admin staff."""
    def account(role, code):
        return {"username": role, "role": role, "person_id": people.get(code)}
    return {
        "command": (account("command_staff", "D1"), (DISTRICT,)),
        "street": (account("street_staff", "S1"), (STREET,)),
        "community": (account("community_staff", "C1"), (COMMUNITY,)),
        "department": ({"username": "k1", "role": "department", "person_id": people["K1"]}, ()),
        "department2": ({"username": "k2", "role": "department", "person_id": people["K2"]}, ()),
        "admin": ({"username": "admin", "role": "admin", "person_id": None}, (DISTRICT,)),
    }


def create_accounts(conn, people):
    """The :data:`ACCOUNTS`, each with :data:`PASSWORD`."""
    for username, (role, scope, person) in ACCOUNTS.items():
        accounts.create_account(conn, username, PASSWORD, role, scope_code=scope,
                                person_id=people[person] if person else None)


def web_app(now):
    """The app with the clock at ``now``."""
    from webmap import create_app

    return create_app({"SECRET_KEY": secrets.token_urlsafe(32), "TESTING": True, "NOW": now})


def signed_in(app, username, password=PASSWORD):
    """A test client signed in as ``username``, with the session's CSRF token as ``client.token``."""
    client = app.test_client()
    assert sign_in_status(client, username, password) == 302
    client.token = _form_token(client)        # a new session on sign-in: a new token
    return client


def sign_in_status(client, username, password):
    """The status of signing ``client`` in through the form (302: signed in, 401: refused)."""
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": _form_token(client)}).status_code


def _form_token(client):
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf_token" value="')[1].split('"')[0]


@contextlib.contextmanager
def desk_site(database_url, now, publish=False):
    """The desk world with :data:`ACCOUNTS`, committed (its generation published when ``publish``), and
    the app over it: ``{"app", "conn", "people"}``; the store is emptied afterwards."""
    from grids.cells import generations

    wipe(database_url, f"{TABLES}, category, account")
    conn = psycopg2.connect(database_url)
    with conn:
        people = load_desk_world(conn)
        create_accounts(conn, people)
        if publish:
            generations.publish(conn, now.date())
    try:
        yield {"app": web_app(now), "conn": conn, "people": people}
    finally:
        conn.close()
        wipe(database_url, f"{TABLES}, category, account")
