"""Accounts of the web app and the subtree of cells each one may see.

Concept: an account's **scope** is a set of cell codes, the roots of its subtrees. Codes nest (a
grid's code starts with its community's, which starts with its street's), so "inside the scope" is
"the code starts with one of the roots". Street and community staff have their street or community;
a grid member has the grids their person is assigned to (looked up at sign-in time, so reassignment
needs no account change); command staff, planners and administrators have a district or the whole city.
A city's code does not prefix its districts' (510100 成都市, 510104 锦江区), so a city scope's roots are the
city and each of its districts.

Passwords are kept only as werkzeug hashes (scrypt): :func:`authenticate` compares in constant time
and does the same work for an unknown username or a disabled account, so timing does not tell which
usernames exist. Changing the password (:func:`set_password`), disabling the account
(:func:`disable_account`), its role (:func:`set_role`) or replacing it ends every session of the account
(:mod:`grids.people.sessions`). A password follows :func:`password_problem` (at least 10 characters, not
a common one, not the username). A scope is a cell of the current generation at the role's level. Every
change goes into the account log (:mod:`grids.people.signin`).
"""
import re

from werkzeug.security import check_password_hash, generate_password_hash

from gis.sqlfiles import load
from grids.cells import generations
from grids.cells.codes import is_city_code
from grids.errors import AccountError
from grids.people import common_passwords, sessions, signin

ROLES = {
    "command_staff": "指挥中心", "street_staff": "街道工作人员", "community_staff": "社区工作人员",
    "grid_member": "网格员", "department": "部门", "planner": "规划", "admin": "管理员",
}
PERSON_ROLES = ("grid_member", "department")   # accounts that act as a person of the roster
SCOPE_LEVELS = {"street_staff": "street", "community_staff": "community"}   # roles scoped to a cell they name
_DUMMY_HASH = generate_password_hash("not a password")
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")       # as the account table's CHECK


def create_account(conn, username, password, role, *, scope_code=None, person_id=None):
    """Create (or replace) the account ``username``; returns its id. The caller commits."""
    if not USERNAME.match(username or ""):
        raise AccountError(f"a username is 2 to 64 letters, digits, '_', '.' or '-', not {username!r}",
                           username=username, field="username")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)}", role=role)
    if role in PERSON_ROLES and person_id is None:
        raise AccountError(f"a {role} account needs its person (a grid member's grids are their scope, a "
                           "department's cases are those it handles)", username=username)
    if role not in SCOPE_LEVELS and role != "grid_member":
        scope_code = scope_code or default_scope(conn)
    if role != "grid_member" and not scope_code:
        raise AccountError(f"a {role} account needs a scope cell", username=username)
    _check_password(username, password)
    _check_scope(conn, role, scope_code, username)
    params = {"username": username, "password_hash": generate_password_hash(password), "role": role,
              "scope_code": scope_code, "person_id": person_id}
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_insert"), params)
        account_id, inserted = cur.fetchone()
    sessions.end_all(conn, account_id, "replaced")      # a replaced account's old sign-ins end with it
    signin.record(conn, "created" if inserted else "replaced", username, account_id,
                  detail={"role": role, "scope_code": scope_code, "person_id": person_id})
    return account_id


def set_role(conn, username, role, *, scope_code=None, person_id=None):
    """Give ``username`` another role (with the scope or person the role needs, checked as
    :func:`create_account` checks them); its sessions end. Returns the account id."""
    account = _existing(conn, username)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)}", role=role)
    person_id = person_id if person_id is not None else account["person_id"]
    if role in PERSON_ROLES and person_id is None:
        raise AccountError(f"a {role} account needs its person", username=username)
    scope_code = None if role == "grid_member" else (scope_code or (account["scope_code"] if role in SCOPE_LEVELS
                                                                   else default_scope(conn)))
    _check_scope(conn, role, scope_code, username)
    _update_one(conn, "accounts_set_role", username=username, role=role, scope_code=scope_code, person_id=person_id)
    sessions.end_all(conn, account["id"], "replaced")
    signin.record(conn, "role_changed", username, account["id"],
                  detail={"from": account["role"], "to": role, "scope_code": scope_code})
    return account["id"]


def set_scope(conn, username, scope_code):
    """Give ``username`` another scope cell (of the level its role has); returns the account id."""
    account = _existing(conn, username)
    if account["role"] == "grid_member":
        raise AccountError("a grid member's scope is the grids of their person: assign them in the people file",
                           username=username)
    _check_scope(conn, account["role"], scope_code, username)
    _update_one(conn, "accounts_set_role", username=username, role=account["role"], scope_code=scope_code,
                person_id=account["person_id"])
    signin.record(conn, "scope_changed", username, account["id"],
                  detail={"from": account["scope_code"], "to": scope_code})
    return account["id"]


def list_accounts(conn):
    """Every account with its scope's name, its person, whether it is disabled and its last sign-in."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_list"))
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def set_password(conn, username, password):
    """Give ``username`` a new password and end all its sessions; returns the account id."""
    _check_password(username, password)
    account_id = _update_one(conn, "accounts_set_password", username=username,
                             password_hash=generate_password_hash(password))
    sessions.end_all(conn, account_id, "password_changed")
    signin.record(conn, "password_changed", username, account_id)
    return account_id


def disable_account(conn, username):
    """Refuse ``username``'s sign-ins from now and end all its sessions; returns the account id."""
    account_id = _update_one(conn, "accounts_set_disabled", username=username, disabled=True)
    sessions.end_all(conn, account_id, "disabled")
    signin.record(conn, "disabled", username, account_id)
    return account_id


def enable_account(conn, username):
    """Let a disabled ``username`` sign in again (its ended sessions stay ended); returns the account id."""
    account_id = _update_one(conn, "accounts_set_disabled", username=username, disabled=False)
    signin.record(conn, "enabled", username, account_id)
    return account_id


def _check_password(username, password):
    problem = password_problem(username, password)
    if problem:
        raise AccountError(f"password refused: {problem}", username=username, field="password")


def password_problem(username, password):
    """Why ``password`` may not be ``username``'s (too short, a common password, the username itself,
    one character repeated), or None. The rule of NIST SP 800-63B: length and a list of passwords known
    to be common, no composition rules."""
    text = password or ""
    if len(text) < MIN_PASSWORD:
        return f"a password needs at least {MIN_PASSWORD} characters"
    lowered, name = text.lower(), (username or "").lower()
    if name and (lowered in (name, name[::-1]) or lowered.rstrip("0123456789") in (name, name[::-1])):
        return "a password may not be the username (or the username and digits)"
    if len(set(lowered)) < 3:
        return "a password needs more than two different characters"
    if lowered in common_passwords.COMMON:
        return "this is one of the most common passwords"
    return None


def _check_scope(conn, role, scope_code, username):
    """A scope cell exists in the current generation at the level the role has (street staff: a street,
    community staff: a community; command staff, planners, administrators, departments: a district)."""
    if role == "grid_member":
        return
    level = _cell_level(conn, scope_code)
    wanted = SCOPE_LEVELS.get(role, "district")
    if level != wanted and not (wanted == "district" and level == "city"):
        found = f"a {level}" if level else "no cell of the current generation"
        wanted = "district or the city" if wanted == "district" else wanted
        raise AccountError(f"a {role} account's scope is a {wanted}; {scope_code} is {found}",
                           username=username, field="scope", scope_code=scope_code)


def _cell_level(conn, code):
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_scope_level"), {"code": code, "generation": generation})
        row = cur.fetchone()
    return row[0] if row else None


def _existing(conn, username):
    account = get_account(conn, username=username)
    if account is None:
        raise AccountError(f"no account {username!r}", username=username)
    return account


def _update_one(conn, name, **params):
    with conn.cursor() as cur:
        cur.execute(load("grids.people", name), params)
        row = cur.fetchone()
    if row is None:
        raise AccountError(f"no account {params['username']!r}", username=params["username"])
    return row[0]


def authenticate(conn, username, password):
    """The account (a dict without its hash) when ``password`` is right and the account is not
    disabled, else None."""
    account = get_account(conn, username=username, with_hash=True)
    stored = account["password_hash"] if account else _DUMMY_HASH
    if not check_password_hash(stored, password or "") or account is None or account["disabled_at"]:
        return None
    account.pop("password_hash")
    return account


def get_account(conn, account_id=None, *, username=None, with_hash=False):
    """The account by id or username (``id``, ``username``, ``role``, ``scope_code``, ``person_id``,
    ``person_name``, ``disabled_at``), or None."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_get"), {"id": account_id, "username": username})
        row = cur.fetchone()
        if row is None:
            return None
        account = dict(zip([d[0] for d in cur.description], row))
    if not with_hash:
        account.pop("password_hash")
    return account


def scope_codes(conn, account):
    """The roots of the account's subtree, as a tuple of cell codes (empty: it sees nothing). A department
    has no area: it sees the cases it handles, co-handles or is whistled to (:mod:`grids.cases.desk`)."""
    if account["role"] == "department":
        return ()
    if account["role"] == "grid_member":
        generation = generations.current_generation(conn) or generations.working_generation(conn)
        with conn.cursor() as cur:
            cur.execute(load("grids.people", "accounts_member_grids"),
                        {"person_id": account["person_id"], "generation": generation})
            return tuple(row[0] for row in cur.fetchall())
    scope = account["scope_code"]
    if scope and is_city_code(scope):
        return (scope, *city_district_codes(conn, scope))
    return (scope,) if scope else ()


def city_district_codes(conn, city_code):
    """The codes of the districts of ``city_code`` in the current generation."""
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_city_districts"), {"city": city_code, "generation": generation})
        return tuple(row[0] for row in cur.fetchall())


def in_scope(code, scope):
    """Whether the cell ``code`` lies in the subtree of one of the ``scope`` roots."""
    return any(code.startswith(root) for root in scope)


def default_scope(conn):
    """The default scope of a new command, planner or administrator account: the city's code in the current
    generation, else its district's (the first by code), or None on an empty store."""
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_default_scope"), {"generation": generation})
        row = cur.fetchone()
    return row[0] if row else None
