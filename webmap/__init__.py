"""The web app: the command centre's map, the JSON API the pages use, sign-in with roles.

``create_app`` is the application factory (Flask tutorial style). Blueprints, one per audience:
:mod:`webmap.auth` (sign-in, roles, each role's subtree of cells), :mod:`webmap.api` (``/api/v1/…``,
JSON only), :mod:`webmap.command` (the command-centre page), :mod:`webmap.member` and
:mod:`webmap.member_api` (the grid member's phone workspace and its API, ``/api/v1/member``),
:mod:`webmap.planner` and :mod:`webmap.planner_api` (the planners' workspace and ``/api/v1/plan``).
``gridgov serve`` runs it under waitress, a production WSGI server.

Settings: the ``GRIDGOV_*`` environment, read and checked by :mod:`gis.settings` before the app exists (a
bad value is a :class:`gis.settings.SettingError` naming it, never a 500 on every page later); ``config``
overrides them. ``SECRET_KEY`` signs the session cookie (``GRIDGOV_SECRET_KEY`` from the environment; the app
refuses to start without one, and outside tests with one shorter than 32 characters or of fewer than 10
different characters: with a guessable key anyone could sign a session). ``GRIDGOV_SECURE_COOKIES=1``
(behind HTTPS) makes the cookie ``Secure`` and names it ``__Host-session``. Sessions are kept on the
server and end on sign-out, after ``IDLE_TIMEOUT`` unused and after ``PERMANENT_SESSION_LIFETIME``
(:mod:`webmap.auth`); every answer carries the security headers of :mod:`webmap.headers`. Every form
and every state-changing request carries a CSRF token (Flask-WTF; JSON clients send it in the
``X-CSRFToken`` header, pages read it from ``<meta name="csrf-token">``). The database is
:mod:`gis.db`'s (``GRIDGOV_DATABASE_URL`` or the embedded cluster): one pooled connection per request
(:mod:`webmap.db`), committed when the answer is not an error (below 400), else rolled back. ``NOW`` is
the app's clock (``gridgov serve --demo``: the demo's); views read it through :func:`webmap.params.now`.

Responses are compressed (Flask-Compress) for phones on slow links: scripts, styles and JSON, never HTML
pages, which carry the CSRF token next to text from the request (BREACH). gzip at level 1 (browsers
offer only gzip over plain HTTP): a 2.7 MB GeoJSON layer compresses in 24 ms instead of 87 ms at
level 6, to 0.88 MB instead of 0.77 MB.
"""
import datetime as dt
from pathlib import Path

from flask import Flask
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from gis import settings as gridgov_settings
from gis.errors import GridgovError

STATIC = Path(__file__).resolve().parent.parent / "static"   # vendored Leaflet & co.: nothing from a CDN
csrf = CSRFProtect()
compress = Compress()
COMPRESSED_TYPES = ["application/json", "application/geo+json", "text/javascript", "application/javascript",
                    "text/css", "text/csv", "image/svg+xml", "application/vnd.mapbox-vector-tile"]


class MissingSecret(GridgovError):
    """The app was started without a secret to sign its sessions."""

    code = "missing_secret"


class WeakSecret(GridgovError):
    """The app was started with a secret that could be guessed."""

    code = "weak_secret"


SECRET_MIN_LENGTH, SECRET_MIN_DISTINCT = gridgov_settings.SECRET_MIN_LENGTH, gridgov_settings.SECRET_MIN_DISTINCT


def check_secret(key):
    """Refuse a session secret shorter than 32 characters or made of fewer than 10 different ones
    (``x``, ``changeme…``, one character repeated): with it, anyone could sign a session."""
    weakness = gridgov_settings.weak_secret_reason(key)
    if weakness:
        raise WeakSecret(f"GRIDGOV_SECRET_KEY must be at least {SECRET_MIN_LENGTH} characters of at least "
                         f"{SECRET_MIN_DISTINCT} different ones ({weakness}); "
                         "make one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`")


def create_app(config=None):
    """The app; ``config`` (a dict) overrides the settings read from the environment (:mod:`gis.settings`,
    checked here: a bad one raises :class:`gis.settings.SettingError`)."""
    chosen = gridgov_settings.settings()
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config.from_mapping(
        SECRET_KEY=chosen.secret_key.get_secret_value() if chosen.secret_key else None,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=chosen.secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        IDLE_TIMEOUT=dt.timedelta(minutes=30),               # a desk: the command centre, an office
        IDLE_TIMEOUT_GRID_MEMBER=dt.timedelta(hours=2),      # a member's phone, used between visits
        # the cookie is sent only when the session changes: a response still in flight after sign-out
        # cannot put the old session back (and a sign-in lasts 12 hours, not 12 hours past the last click);
        # idleness is kept on the server (account_session.last_seen_at), so no cookie needs refreshing
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,            # the token lives as long as the signed session
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,  # a request body (a phone's photo, a drawn boundary) of at most 8 MiB
        NOW=None,                            # the clock of timers and windows (None: real time; the demo's)
        COMPRESS_MIMETYPES=COMPRESSED_TYPES, COMPRESS_ALGORITHM=["zstd", "br", "gzip"], COMPRESS_LEVEL=1,
    )
    app.config.from_mapping(PROXIES=chosen.proxies)
    app.config.from_mapping(config or {})
    _check_basemap(app.config)
    if not app.config["SECRET_KEY"]:
        raise MissingSecret("set GRIDGOV_SECRET_KEY (a long random string) to sign sessions")
    if not app.config.get("TESTING"):
        check_secret(app.config["SECRET_KEY"])
    if app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_NAME"] == "session":
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"      # HTTPS only, this host only, path /
    app.json.ensure_ascii = False
    if app.config["PROXIES"]:
        # behind N reverse proxies (nginx: docs/deploy.md) the client is the X-Forwarded-For they set, and
        # the scheme X-Forwarded-Proto: the account log and the sign-in throttle by address need the client,
        # not the proxy (every user would share one address and one lock)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"], x_proto=app.config["PROXIES"])
    csrf.init_app(app)
    compress.init_app(app)

    from webmap import (access_log, admin, admin_api, api, auth, command, db, desk, desk_api, disputes,
                        disputes_api, errors, headers, health, i18n, intake_api, member, member_api, ogcapi, open311, params,
                        planner, planner_api, review, review_api, warnings_api)

    db.init_app(app)
    access_log.init_app(app)
    errors.init_app(app)
    params.init_app(app)
    headers.init_app(app)
    app.context_processor(i18n.template_context)
    app.register_blueprint(auth.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(command.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(desk_api.bp)
    app.register_blueprint(disputes.bp)               # the dispute chain's page and API (docs/disputes.md)
    app.register_blueprint(disputes_api.bp)
    app.register_blueprint(disputes_api.member_bp)
    app.register_blueprint(warnings_api.bp)           # early warnings (预警) of bursts (docs/foresight.md)
    app.register_blueprint(member.bp)
    app.register_blueprint(member_api.bp)
    app.register_blueprint(planner.bp)
    app.register_blueprint(planner_api.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(review_api.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(intake_api.bp)         # calling systems with keys: batches, status, Open311
    app.register_blueprint(open311.bp)
    app.register_blueprint(ogcapi.bp)             # OGC API Features for GIS clients (docs/ogcapi.md)
    from webmap import petitions, petitions_api
    app.register_blueprint(petitions.bp)          # the petition office's page and API (docs/petitions.md)
    app.register_blueprint(petitions_api.bp)
    from webmap import report_api
    app.register_blueprint(report_api.bp)         # the 社情民意 report as PDF/DOCX (docs/foresight.md)
    return app


def _check_basemap(config):
    """The basemap the pages will draw, checked before the first page: a folder that does not exist stops
    the app here, naming the setting, instead of making every map page a 500."""
    from webmap import maps

    try:
        maps.basemap_from(config)
    except ValueError as error:
        raise gridgov_settings.SettingError(str(error)) from None

