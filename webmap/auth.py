"""Sign-in, sign-out and the gates in front of pages and the API.

Concept: the signed session cookie holds only a random session token (and the interface language);
the session itself lives in the store (:mod:`grids.people.sessions`), so it can be ended: signing out
ends it, a password change or a disabled account ends all the account's sessions, and a session unused
for ``IDLE_TIMEOUT`` (``IDLE_TIMEOUT_GRID_MEMBER`` for a grid member's phone) or older than
``PERMANENT_SESSION_LIFETIME`` signs nobody in. Each request loads the live session's account and its
**scope** (the roots of its subtree of cells, see :mod:`grids.people.accounts`) into ``g.account`` and
``g.scope``, and marks the session used. Views are gated by :func:`login_required`
and :func:`roles_required`: pages are redirected to ``/login``, the API answers 401 (not signed in) or
403 (signed in, wrong role) in the one JSON error shape.
"""
import functools
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for

from gis.db import act_as
from grids import limits
from grids.people import accounts, sessions, signin
from webmap.db import connection
from webmap.errors import API_PREFIX, ApiError, bad_parameter
from webmap.i18n import translate

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_account():
    """``g.account`` (None when signed out) and ``g.scope`` for every request."""
    if request.endpoint == "static":
        return
    token = session.get("session_token")
    g.account = _live_account(token) if isinstance(token, str) else None
    if g.account is not None:
        sessions.touch(connection(), token)
        act_as(connection(), f"web:{g.account['username']}")   # the operator of what the request writes
    # a dead session's cookie is left as it is: rewriting it here, a late answer to a request sent before
    # the user signed in again in another tab would overwrite the new session's cookie
    g.scope = accounts.scope_codes(connection(), g.account) if g.account else ()


def _live_account(token):
    config = current_app.config
    return sessions.live_account(connection(), token, idle_timeout=idle_timeout,
                                 lifetime=config["PERMANENT_SESSION_LIFETIME"])


def idle_timeout(role):
    """How long a session of ``role`` may go unused: a grid member's phone, used between visits in the
    field, ``IDLE_TIMEOUT_GRID_MEMBER``; a desk in the command centre or an office ``IDLE_TIMEOUT``."""
    config = current_app.config
    return config["IDLE_TIMEOUT_GRID_MEMBER"] if role == "grid_member" else config["IDLE_TIMEOUT"]


# each role's start page; the others land on the command-centre map
LANDING = {"grid_member": "member.page", "planner": "planner.page", "department": "desk.page", "admin": "admin.page"}


@bp.route("/")
def index():
    """The start page of the signed-in account's role (also where sign-in lands); signed out: sign-in."""
    if g.account is None:
        return redirect(url_for("auth.login"))
    return redirect(url_for(LANDING.get(g.account["role"], "command.page")))


@bp.route("/login", methods=("GET", "POST"))
def login():
    error = None
    if request.method == "POST":
        for field, maximum in (("username", limits.USERNAME), ("password", limits.PASSWORD)):
            if len(request.form.get(field, "")) > maximum:       # NUL: refused by webmap.params.check_request
                raise bad_parameter(field, f"`{field}` has more than {maximum} characters")
        conn = connection()
        # the account log keeps real time (grids.clock), not the app's case clock (NOW: the demo's)
        account, why = signin.attempt(conn, request.form.get("username", "").strip(), request.form.get("password", ""),
                                      request.remote_addr, authenticate=accounts.authenticate)
        conn.commit()            # the attempt stays in the account log even when the answer is a refusal
        if account:
            lang = session.get("lang")
            _end_session("replaced")
            session.clear()                    # a new session on sign-in: no fixation
            session.update(session_token=sessions.start(connection(), account["id"]), lang=lang or "zh")
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
        error = translate("locked_out" if why == "locked" else "wrong_password")
    return render_template("login.html", error=error), 401 if error else 200


@bp.route("/logout", methods=("POST",))
def logout():
    """End this session (the account's other devices stay signed in) and forget the cookie."""
    lang = session.get("lang")
    _end_session("signed_out")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=("GET", "POST"))
def change_password():
    """Users change their own password: the current one, the new one twice (the policy of
    :func:`grids.people.accounts.password_problem`). Every session of the account ends — other devices
    are signed out — and this browser gets a new one."""
    refusal = refuse_unless_signed_in()
    if refusal is not None:
        return refusal
    if request.method == "GET":
        return render_template("password.html", error=None, done=False)
    form = {field: request.form.get(field, "") for field in ("current", "new", "again")}
    if any(len(value) > limits.PASSWORD for value in form.values()):
        raise bad_parameter("new", f"a password has at most {limits.PASSWORD} characters")
    conn, username = connection(), g.account["username"]
    error = None
    if accounts.authenticate(conn, username, form["current"]) is None:
        error = translate("wrong_current")
    elif form["new"] != form["again"]:
        error = translate("passwords_differ")
    else:
        error = accounts.password_problem(username, form["new"])
    if error:
        return render_template("password.html", error=error, done=False), 400
    accounts.set_password(conn, username, form["new"])
    lang = session.get("lang")
    session.clear()
    session.update(session_token=sessions.start(conn, g.account["id"]), lang=lang or "zh")
    session.permanent = True
    return render_template("password.html", error=None, done=True)


def _end_session(why):
    token = session.get("session_token")
    if isinstance(token, str):
        ended = sessions.end(connection(), token, why)
        if ended is not None and why == "signed_out":
            signin.record(connection(), "signed_out", ended["username"], ended["account_id"],
                          address=request.remote_addr)


def login_required(view):
    """Pages: redirect to /login when signed out. API: answer 401."""
    @functools.wraps(view)
    def gated(*args, **kwargs):
        refusal = refuse_unless_signed_in()
        return refusal if refusal is not None else view(*args, **kwargs)
    return gated


def roles_required(*roles):
    """Like :func:`login_required`, and the account's role must be one of ``roles`` (else 403)."""
    def decorate(view):
        @functools.wraps(view)
        def gated(*args, **kwargs):
            refusal = refuse_unless_signed_in()
            if refusal is not None:
                return refusal
            if g.account["role"] not in roles:
                raise ApiError(403, "forbidden", f"this needs one of the roles {', '.join(roles)}",
                               role=g.account["role"])
            return view(*args, **kwargs)
        return gated
    return decorate


def refuse_unless_signed_in():
    """None when signed in; else the answer: 401 JSON under /api/, a redirect to /login elsewhere."""
    if g.account is not None:
        return None
    if request.path.startswith(API_PREFIX):
        raise ApiError(401, "unauthorized", "sign in first (POST /login)")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _safe_next(target):
    """Only a path on this site (never ``//host`` or ``http://host``): no open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return "/"
