"""Sign-in, sign-out and the gates in front of pages and the API.

Concept: the signed session cookie holds only the account's id (and the interface language); each
request loads the account and its **scope** (the roots of its subtree of cells, see
:mod:`grids.people.accounts`) into ``g.account`` and ``g.scope``. Views are gated by :func:`login_required`
and :func:`roles_required`: pages are redirected to ``/login``, the API answers 401 (not signed in) or
403 (signed in, wrong role) in the one JSON error shape.
"""
import functools
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from grids.people import accounts
from webmap.db import connection
from webmap.errors import API_PREFIX, ApiError
from webmap.i18n import translate

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_account():
    """``g.account`` (None when signed out) and ``g.scope`` for every request."""
    account_id = session.get("account_id")
    if request.endpoint == "static":
        return
    g.account = accounts.get_account(connection(), account_id) if account_id else None
    g.scope = accounts.scope_codes(connection(), g.account) if g.account else ()


# each role's start page; the others land on the command-centre map
LANDING = {"grid_member": "member.page", "planner": "planner.page"}


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
        account = accounts.authenticate(connection(), request.form.get("username", "").strip(),
                                        request.form.get("password", ""))
        if account:
            lang = session.get("lang")
            session.clear()                    # a new session on sign-in: no fixation
            session.update(account_id=account["id"], lang=lang or "zh")
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
        error = translate("wrong_password")
    return render_template("login.html", error=error), 401 if error else 200


@bp.route("/logout", methods=("POST",))
def logout():
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"))


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
