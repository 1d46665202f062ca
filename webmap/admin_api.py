"""The administrators' JSON API (``/api/v1/admin``): accounts and the account log, within the admin's scope.

What ``/admin`` reads and writes (the same operations as ``gridgov accounts``). Gates: signed in (401),
role ``admin`` (403 ``forbidden``); an account outside the admin's scope (its scope cell not in the
admin's subtree) is a 403 ``out_of_scope``. Passwords travel only in request bodies, over the app's
HTTPS, and never come back. Every change goes into the account log with the operator ``web:<admin>``.
Bad input is a 400 naming the field; the domain's refusals (the password policy, a scope at the wrong
level, an unknown person) keep their message.
"""
import csv
import datetime as dt
import io

from flask import Blueprint, current_app, g, jsonify, request

from grids import limits
from grids.clock import SHANGHAI
from grids.people import accounts, signin
from grids.people.roster import find_person
from webmap.auth import refuse_unless_signed_in, roles_required
from webmap.db import connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import body_text, json_object, whole_number

bp = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin")
admins_only = roles_required("admin")
OPERATIONS = ("disable", "enable", "unlock", "reset-password", "role", "scope")


@bp.before_request
def signed_in():
    refuse_unless_signed_in()


@bp.route("/accounts")
@admins_only
def accounts_list():
    conn = connection()
    found = [a for a in accounts.list_accounts(conn) if _mine(a)]
    return jsonify(accounts=[{**_plain(a), "locked_until": _iso(signin.locked_until(conn, a["username"], None))}
                             for a in found], roles=accounts.ROLES)


@bp.route("/accounts", methods=("POST",))
@admins_only
def account_create():
    body = json_object('send {"username", "role", "scope_code", "person", "password"}')
    conn = connection()
    person = _person(conn, body)
    scope = body_text(body, "scope_code", 20)
    if scope is not None and not accounts.in_scope(scope, g.scope):
        raise ApiError(403, "out_of_scope", f"{scope} is not in your area", parameter="scope_code")
    accounts.create_account(conn, body_text(body, "username", limits.USERNAME, required=True),
                            body_text(body, "password", limits.PASSWORD, required=True),
                            body_text(body, "role", limits.CATEGORY, required=True), scope_code=scope, person_id=person)
    return jsonify(created=body["username"]), 201


@bp.route("/accounts/<username>/<operation>", methods=("POST",))
@admins_only
def account_change(username, operation):
    if operation not in OPERATIONS:
        raise ApiError(404, "not_found", f"no operation {operation!r}; {', '.join(OPERATIONS)}")
    conn = connection()
    account = accounts.get_account(conn, username=username)
    if account is None:
        raise ApiError(404, "not_found", f"no account {username!r}", username=username)
    if not _mine(account):
        raise ApiError(403, "out_of_scope", f"account {username} is outside your area", username=username)
    body = json_object("send a JSON object") if operation in ("reset-password", "role", "scope") else {}
    _change(conn, account, operation, body)
    return jsonify(account=_plain(accounts.get_account(conn, username=username)))


@bp.route("/account-log")
@admins_only
def account_log():
    return jsonify(events=[{**e, "at": _iso(e["at"])} for e in _events()])


@bp.route("/account-log.csv")
@admins_only
def account_log_csv():
    """The log as CSV for Excel: UTF-8 with a BOM, CRLF, no cell read as a formula."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(signin.log_table(_events()))
    response = current_app.response_class(("\ufeff" + text.getvalue()).encode(), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=account-log.csv"
    return response


def _change(conn, account, operation, body):
    username = account["username"]
    if operation == "disable":
        accounts.disable_account(conn, username)
    elif operation == "enable":
        accounts.enable_account(conn, username)
    elif operation == "unlock":
        signin.unlock(conn, username, account["id"])
    elif operation == "reset-password":
        accounts.set_password(conn, username, body_text(body, "password", limits.PASSWORD, required=True))
    elif operation == "role":
        accounts.set_role(conn, username, body_text(body, "role", limits.CATEGORY, required=True),
                          scope_code=_scope(body), person_id=_person(conn, body))
    else:
        accounts.set_scope(conn, username, _scope(body, required=True))


def _events():
    since = request.args.get("since")
    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        raise bad_parameter("since", "`since` must be a date (YYYY-MM-DD)") from None
    user = request.args.get("user") or None
    if user is not None and len(user) > limits.USERNAME:
        raise bad_parameter("user", f"`user` has more than {limits.USERNAME} characters")
    limit = whole_number("limit", request.args.get("limit") or "1000", 1, 100_000)
    start = dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI) if day else None
    return signin.events(connection(), since=start, username=user, limit=limit)


def _mine(account):
    """An account of the admin's area: its scope cell in the admin's subtree (grid members' and
    departments' accounts have none: every admin of the store manages them)."""
    return account["scope_code"] is None or accounts.in_scope(account["scope_code"], g.scope)


def _scope(body, required=False):
    scope = body_text(body, "scope_code", 20, required=required)
    if scope is not None and not accounts.in_scope(scope, g.scope):
        raise ApiError(403, "out_of_scope", f"{scope} is not in your area", parameter="scope_code")
    return scope


def _person(conn, body):
    code = body_text(body, "person", limits.PERSON_CODE)
    return find_person(conn, code)["id"] if code else None


def _plain(account):
    return {k: (_iso(v) if isinstance(v, dt.datetime) else v) for k, v in account.items() if k != "password_hash"}


def _iso(when):
    return when.astimezone(SHANGHAI).isoformat() if when else None
