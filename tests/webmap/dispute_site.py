"""The dispute world (``tests.dispute_world``) committed, with the workbench's accounts (``tests.desk_world``:
command, street, community, k1, member, planner; ``mediator``: grid member M2 of grid 2, also mediator MD4 of the
street's committee), and the app over it with its clock at ``now``."""
import contextlib

import psycopg2

from grids.disputes import organisations
from grids.people import accounts
from tests.conftest import TABLES, wipe
from tests.desk_world import PASSWORD, create_accounts, web_app
from tests.dispute_world import load_dispute_world

DISPUTE_TABLES = f"{TABLES}, category, account, mediation_org, screening_campaign, centre_post"


@contextlib.contextmanager
def dispute_site(database_url, now, prepare=None):
    """``{"app", "conn", "people", **prepare(conn, people)}``: the world committed (``prepare`` adds what a
    test needs); the store is emptied afterwards."""
    wipe(database_url, DISPUTE_TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        people = load_dispute_world(conn)
        create_accounts(conn, people)
        people["MD4"] = organisations.add_mediator(conn, name="网格员乙", org="ORG_S", code="MD4", person="M2")
        accounts.create_account(conn, "mediator", PASSWORD, "grid_member", person_id=people["M2"])
        made = prepare(conn, people) if prepare else {}
    try:
        yield {"app": web_app(now), "conn": conn, "people": people, **made}
    finally:
        conn.close()
        wipe(database_url, DISPUTE_TABLES)
