"""Accounts of the web app and the subtree of cells each one may see.

Concept: an account's **scope** is a set of cell codes, the roots of its subtrees. Codes nest (a
grid's code starts with its community's, which starts with its street's), so "inside the scope" is
"the code starts with one of the roots". Street and community staff have their street or community;
a grid member has the grids their person is assigned to (looked up at sign-in time, so reassignment
needs no account change); command staff, planners and administrators have the whole district.

Passwords are kept only as werkzeug hashes (scrypt): :func:`authenticate` compares in constant time
and does the same work for an unknown username or a disabled account, so timing does not tell which
usernames exist. Changing the password (:func:`set_password`), disabling the account
(:func:`disable_account`) or replacing it ends every session of the account (:mod:`grids.people.sessions`).
"""
from werkzeug.security import check_password_hash, generate_password_hash

from gis.sqlfiles import load
from grids.cells import generations
from grids.errors import AccountError
from grids.people import sessions

ROLES = {
    "command_staff": "指挥中心", "street_staff": "街道工作人员", "community_staff": "社区工作人员",
    "grid_member": "网格员", "department": "部门", "planner": "规划", "admin": "管理员",
}
PERSON_ROLES = ("grid_member", "department")   # accounts that act as a person of the roster
SCOPE_LEVELS = {"street_staff": "street", "community_staff": "community"}   # roles scoped to a cell they name
_DUMMY_HASH = generate_password_hash("not a password")


def create_account(conn, username, password, role, *, scope_code=None, person_id=None):
    """Create (or replace) the account ``username``; returns its id. The caller commits."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)}", role=role)
    if role in PERSON_ROLES and person_id is None:
        raise AccountError(f"a {role} account needs its person (a grid member's grids are their scope, a "
                           "department's cases are those it handles)", username=username)
    if role not in SCOPE_LEVELS and role != "grid_member":
        scope_code = scope_code or district_code(conn)
    if role != "grid_member" and not scope_code:
        raise AccountError(f"a {role} account needs a scope cell", username=username)
    _check_password(username, password)
    params = {"username": username, "password_hash": generate_password_hash(password), "role": role,
              "scope_code": scope_code, "person_id": person_id}
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_insert"), params)
        account_id = cur.fetchone()[0]
    sessions.end_all(conn, account_id, "replaced")      # a replaced account's old sign-ins end with it
    return account_id


def set_password(conn, username, password):
    """Give ``username`` a new password and end all its sessions; returns the account id."""
    _check_password(username, password)
    account_id = _update_one(conn, "accounts_set_password", username=username,
                             password_hash=generate_password_hash(password))
    sessions.end_all(conn, account_id, "password_changed")
    return account_id


def disable_account(conn, username):
    """Refuse ``username``'s sign-ins from now and end all its sessions; returns the account id."""
    account_id = _update_one(conn, "accounts_set_disabled", username=username, disabled=True)
    sessions.end_all(conn, account_id, "disabled")
    return account_id


def enable_account(conn, username):
    """Let a disabled ``username`` sign in again (its ended sessions stay ended); returns the account id."""
    return _update_one(conn, "accounts_set_disabled", username=username, disabled=False)


def _check_password(username, password):
    if len(password) < 8:
        raise AccountError("a password needs at least 8 characters", username=username)


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
    return (account["scope_code"],) if account["scope_code"] else ()


def in_scope(code, scope):
    """Whether the cell ``code`` lies in the subtree of one of the ``scope`` roots."""
    return any(code.startswith(root) for root in scope)


def district_code(conn):
    """The district's code in the current generation, or None on an empty store."""
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_district"), {"generation": generation})
        row = cur.fetchone()
    return row[0] if row else None
