"""Demo accounts: one per role, with passwords printed and written in the README (demo only!).

The grid member is the member of a grid with a working day on their phone: the first basic grid (by
code) of the first street whose open cases at the demo's "now" are a handful (``MEMBER_CASES``) and
show every timer colour — red, yellow and green — as the grids of a busy member do. The street and
community staff get that grid's street and community, so the three accounts see one chain of the
hierarchy; command staff, planner and administrator see the whole district. The command staff account
is the district's command-centre person (the case history names who acted); the department account is
the first department by code (区城市管理局: heating, water and gas), and sees the cases it handles.
The pick is a rule over the data, so the same seed gives the same accounts (seed 42: 中韩街道 → 郑张社区 → 郑张社区第3网格,
370212001021003: 6 open cases, 1 red, 1 yellow, 3 green and 1 not yet accepted).
"""
from gis.sqlfiles import load
from grids.cases import loop, time_limits
from grids.people import accounts

DEMO_PASSWORD_SUFFIX = "-demo"        # the password of demo account "x" is "x-demo"
DEMO_USERS = {"command": "command_staff", "street": "street_staff", "community": "community_staff",
              "member": "grid_member", "department": "department", "planner": "planner", "admin": "admin"}
MEMBER_CASES = (3, 8)                 # open cases on the demo member's phone, at least and at most
TIMER_COLOURS = {"red", "yellow", "green"}


def create_demo_accounts(conn):
    """Create (or reset) the demo accounts; return ``[{username, password, role, scope_code}]``."""
    picks = _picks(conn, member_grid(conn, demo_now(conn)))
    district = accounts.default_scope(conn)
    created = []
    for username, role in DEMO_USERS.items():
        code, person_id = picks.get(role, (district, None))
        code = code or district
        password = username + DEMO_PASSWORD_SUFFIX
        accounts.create_account(conn, username, password, role, scope_code=None if role == "grid_member" else code,
                                person_id=person_id)
        created.append({"username": username, "password": password, "role": role, "scope_code": code})
    return created


def demo_now(conn):
    """The demo's "now" (the end of its year), for timers that look like the demo's last day; None when empty."""
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_now"))
        return cur.fetchone()[0]


def member_grid(conn, now):
    """The demo member's grid: the first basic grid of the first street whose open cases at ``now`` number
    ``MEMBER_CASES`` and show every colour of ``TIMER_COLOURS`` (the timers the member's page shows,
    :func:`grids.cases.time_limits.timer`); the street's first basic grid when none does (or ``now`` is None);
    None when the store holds no grid."""
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_member_grids"), {"states": list(loop.OPEN)})
        rows = cur.fetchall()
    colours = {}
    for code, case_id, limit, deadline, paused in rows:
        cases = colours.setdefault(code, [])
        if case_id is not None:
            timer = time_limits.timer({"time_limit_hours": limit, "deadline": deadline, "clock_paused_at": paused},
                                      now) if limit and now else None
            cases.append(timer and timer["colour"])
    low, high = MEMBER_CASES
    busy = [code for code, cases in colours.items() if low <= len(cases) <= high and TIMER_COLOURS <= set(cases)]
    return busy[0] if busy else next(iter(colours), None)


def _picks(conn, grid):
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_account_cells"), {"grid": grid})
        return {role: (code, person_id) for role, code, person_id in cur.fetchall()}
