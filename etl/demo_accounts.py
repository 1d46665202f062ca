"""Demo accounts: one per role, with passwords printed and written in the README (demo only!).

The street and community staff get the first street and its first community (by code); the grid member
is the person responsible for that community's first basic grid; command staff, planner and
administrator see the whole district. The picks go by code, so the same seed gives the same accounts.
"""
from gis.sqlfiles import load
from grids import accounts

DEMO_PASSWORD_SUFFIX = "-demo"        # the password of demo account "x" is "x-demo"
DEMO_USERS = {"command": "command_staff", "street": "street_staff", "community": "community_staff",
              "member": "grid_member", "planner": "planner", "admin": "admin"}


def create_demo_accounts(conn):
    """Create (or reset) the demo accounts; return ``[{username, password, role, scope_code}]``."""
    picks = _picks(conn)
    district = accounts.district_code(conn)
    created = []
    for username, role in DEMO_USERS.items():
        code, person_id = picks.get(role, (district, None))
        password = username + DEMO_PASSWORD_SUFFIX
        accounts.create_account(conn, username, password, role, scope_code=None if role == "grid_member" else code,
                                person_id=person_id)
        created.append({"username": username, "password": password, "role": role, "scope_code": code})
    return created


def demo_now(conn):
    """The demo's "now" (the end of its year), for timers that look like the demo's last day; None when empty."""
    with conn.cursor() as cur:
        cur.execute(load("etl", "demo_now"))
        return cur.fetchone()[0]


def _picks(conn):
    with conn.cursor() as cur:
        cur.execute(load("etl", "demo_account_cells"))
        return {role: (code, person_id) for role, code, person_id in cur.fetchall()}
