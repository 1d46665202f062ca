"""The JSON API (``/api/v1``) the pages use; ``docs/api.md`` is its contract, with examples.

Each view parses and validates its parameters (a wrong one is a 400 that names it), calls one function
of :mod:`grids.mapview.queries` / :mod:`grids.mapview.cell_layers` / :mod:`grids.cases.kpi`, and returns JSON
(pygeoapi's three layers: only this one knows Flask).

Scope rule: every answer is restricted to the signed-in account's subtree (``g.scope``). A cell code
given as ``cell``/``within``/``/cell/CODE`` must lie in that subtree or be one of its ancestors (so the
breadcrumb can name the way up); any other code is refused with 403 ``out_of_scope`` — a grid member
asking for another grid's incidents is refused, not answered with an empty list. A bbox is never
refused: it just finds nothing outside the subtree.

Speed: large answers (cells, outlines, heat, loads) come from the core as JSON text and are sent as
they are. Heavy answers are remembered per data version (:mod:`grids.mapview.cache`); ``MAP_STALE_SECONDS``
in the app's config (``gridgov serve``: 120) lets a server answer that old while it recomputes.
"""
import dataclasses
import datetime as dt

from flask import Blueprint, current_app, g, jsonify, request

from grids import clock
from grids.cases.loop import STATES
from grids.cells.codes import subtree_prefix
from grids.cells.hierarchy import KINDS, LEVELS
from grids.disputes import records as dispute_records
from grids.disputes.risk import LEVELS as RISK_LEVELS
from grids.incidents.store import CHANNELS
from grids.foresight import index as foresight_index
from grids.foresight.index import governance_index
from grids.mapview import cache, cell_layers, queries, tiles
from grids.people import accounts
from webmap.auth import refuse_unless_signed_in
from webmap.db import read_connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import CELL_CODE, choice_arg, now, today, whole_number

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.record_once(lambda state: cache.serve_stale(state.app.config.get("MAP_STALE_SECONDS", 0)))

TILE_MAX_AGE = 300        # seconds a browser keeps a vector tile of the version its URL names
STATUS_FILTERS = (*STATES, "open", "overdue", "overdue_or_supervised")
NAME_ROLES = ("command_staff", "street_staff", "community_staff", "grid_member", "admin")  # need members' names
CASE_ROLES = NAME_ROLES      # handle cases, so read what citizens wrote (planners see where, not what)
INCIDENT_LIMIT, INCIDENT_LIMIT_MAX = 5000, 20000
HOT_DAYS = 30
CHART_DAYS, CHART_MAX_DAYS = 30, 400          # the wall's charts: default window, longest
OUTLINE_LIMIT = 20000        # cells per outline answer (a zoom-15 view of the synthetic city: 4,000–8,000)


@bp.before_request
def signed_in():
    """The whole API needs a signed-in account (401 JSON otherwise)."""
    refuse_unless_signed_in()


@bp.route("/me")
def me():
    return jsonify(signed_in_account()[0])


def signed_in_account():
    """``(me, scope cell)``: what ``/me`` answers, and :func:`grids.mapview.cell_layers.cell_info` of the scope's
    root (None without one); the command page carries both, so it draws without asking first."""
    root = g.scope[0] if g.scope else None
    info = cell_layers.cell_info(read_connection(), root) if root else None
    me = {"username": g.account["username"], "role": g.account["role"], "scope": root, "scopes": list(g.scope),
          "scope_name": info["name"] if info else None, "scope_level": info["level"] if info else None,
          "person_id": g.account["person_id"], "now": now().isoformat(), "today": today().isoformat()}
    return me, info


@bp.route("/cells")
def cells():
    level = _level()
    within = _within()
    if level == "microgrid" and within is None and _bbox() is None:
        raise bad_parameter("within", "micro-grids need `within` (a grid or community code) or `bbox`")
    return _json_text(queries.cells(read_connection(), level, _filters(), within=within, member_names=_names()))


@bp.route("/outlines")
def outlines():
    """Outlines of the cells of a level in a bbox, without statistics: the map's high-zoom layers."""
    level, bbox = _level(), _bbox()
    if bbox is None:
        raise bad_parameter("bbox", "outlines need `bbox` (minlon,minlat,maxlon,maxlat)")
    kind = choice_arg("kind", KINDS[level]) if KINDS[level] != (None,) else None
    limit = _int("limit", OUTLINE_LIMIT, 1, OUTLINE_LIMIT)
    return _json_text(cell_layers.outlines(read_connection(), level, g.scope, bbox, kind=kind, limit=limit))


@bp.route("/tiles/<layer>/<int:z>/<int:x>/<int:y>.mvt")
def tile(layer, z, x, y):
    """A Mapbox vector tile of the grids or micro-grids under the account's scope (code, name, kind).

    Its validator is the tiles' :func:`~grids.mapview.tiles.version` (a weak ETag: the same for the gzipped
    body): ``If-None-Match`` with it is a 304 without cutting the tile. A browser keeps the tile 5 minutes,
    unless the URL's ``v`` names another version than the current one (a page opened before a
    publication): then it must ask again each time, and gets the current tile."""
    if layer not in tiles.LAYERS:
        raise bad_parameter("layer", f"a tile layer is one of {', '.join(tiles.LAYERS)}")
    if not tiles.valid_tile(z, x, y):
        raise bad_parameter("z", f"no tile {z}/{x}/{y} (zoom 0-{tiles.MAX_ZOOM}, x and y below 2^zoom)")
    version = tiles.version(read_connection(), g.scope)
    if request.if_none_match.contains_weak(version):
        response = current_app.response_class(status=304)
    else:
        body = tiles.cell_tile(read_connection(), layer, z, x, y, g.scope)
        response = current_app.response_class(body, mimetype="application/vnd.mapbox-vector-tile")
    response.set_etag(version, weak=True)
    stale = request.args.get("v", version) != version
    response.headers["Cache-Control"] = "private, no-cache" if stale else f"private, max-age={TILE_MAX_AGE}"
    return response


@bp.route("/incidents")
def incidents():
    limit = _int("limit", INCIDENT_LIMIT, 1, INCIDENT_LIMIT_MAX)
    answer = queries.incidents(read_connection(), _filters(cell=_code("cell")), limit)
    if g.account["role"] not in CASE_ROLES:
        for feature in answer["features"]:
            feature["properties"].update(title=None, description=None)
    return jsonify(answer)


@bp.route("/heat")
def heat():
    return _json_text(queries.heat(read_connection(), _filters(cell=_code("cell"))))


@bp.route("/kpis")
def kpis():
    filters = _filters()               # the window, category and channel; status does not apply to KPIs
    if "level" in request.args:
        within = _within()
        rows = queries.level_kpis(read_connection(), _level(), filters, within=within).values()
        return jsonify([row for row in rows
                        if row["code"].startswith(within or "") and accounts.in_scope(row["code"], g.scope)])
    cell = _code("cell") or _scope_root()
    if not accounts.in_scope(cell, g.scope):
        raise ApiError(403, "out_of_scope", "KPIs of a cell above your area are not yours to see", parameter="cell")
    return jsonify(queries.kpis_for_cell(read_connection(), cell, filters))


@bp.route("/index")
def index():
    """The governance index (一图一指数) of each cell of a level in the window, best first, with its
    components; only the account's area (docs/kpis.md)."""
    since, until = _date("from"), _date("to")
    if since and until and since >= until:
        raise bad_parameter("to", "`to` (exclusive) must be after `from`")
    rows = governance_index(read_connection(), _level(), since, until, now())
    return jsonify([row for row in rows if accounts.in_scope(row["code"], g.scope)])


@bp.route("/loads")
def loads():
    return _json_text(queries.loads(read_connection(), g.scope, now(), within=_within(), member_names=_names()))


@bp.route("/hot-cells")
def hot_cells():
    filters = _window_filters(_filters(), HOT_DAYS)
    return jsonify(queries.hot_cells(read_connection(), _level(), filters, within=_within(),
                                     limit=_int("limit", 10, 1, 100)))


@bp.route("/charts")
def charts():
    """The wall's charts (daily intake, channel and category mix) of the filtered incidents in the window
    (default: the 30 days to today), within ``cell`` and the account's area."""
    filters = _window_filters(_filters(cell=_code("cell")), CHART_DAYS)
    if filters.until - filters.since > dt.timedelta(days=CHART_MAX_DAYS):
        raise bad_parameter("from", f"the charts cover at most {CHART_MAX_DAYS} days")
    return jsonify(queries.charts(read_connection(), filters))


@bp.route("/index/trend")
def index_trend():
    """The governance index of each cell of a level month by month: ``months`` calendar months before the
    month of ``until`` (default: this month), oldest first; only the account's area."""
    months = _int("months", 12, 1, 24)
    until = _date("until") or _day_start(today())
    first = until.astimezone(clock.SHANGHAI).date().replace(day=1)
    trend = foresight_index.index_trend(read_connection(), _level(), months, first, now())
    return jsonify(months=[m.isoformat() for m in foresight_index.month_starts(first, months)],
                   cells={code: values for code, values in trend.items() if accounts.in_scope(code, g.scope)})


@bp.route("/categories")
def categories():
    return jsonify(queries.categories(read_connection()))


@bp.route("/cell/<code>")
def cell(code):
    _check_visible("code", code)
    info = cell_layers.cell_info(read_connection(), code)
    if info is None:
        raise ApiError(404, "not_found", f"no cell {code} in the current generation", cell=code)
    return jsonify(info)


def _json_text(text):
    """A response of JSON already serialized by the core (GeoJSON assembled from cached geometry text)."""
    return current_app.response_class(text, mimetype="application/json")


def _filters(cell=None):
    since, until = _date("from"), _date("to")
    if since and until and since >= until:
        raise bad_parameter("to", "`to` (exclusive) must be after `from`")
    return queries.Filters(scope=g.scope, now=now(), since=since, until=until, cell=cell,
                           category=_category(), channel=choice_arg("channel", CHANNELS),
                           status=choice_arg("status", STATUS_FILTERS), bbox=_bbox(), **_dispute_filter())


def _names():
    return g.account["role"] in NAME_ROLES


def _scope_root():
    if not g.scope:
        raise ApiError(403, "out_of_scope", "this account has no cells to see")
    return g.scope[0]


def _level():
    level = request.args.get("level")
    if level not in LEVELS:
        raise bad_parameter("level", f"`level` must be one of {', '.join(LEVELS)}")
    return level


def _code(name):
    code = request.args.get(name)
    if code is None or code == "":
        return None
    if not CELL_CODE.match(code):
        raise bad_parameter(name, f"`{name}` must be a cell code (6 to 20 digits)")
    _check_visible(name, code)
    return code


def _within():
    """The ``within`` cell as the prefix its subtree's codes share (a city's first four digits), or None."""
    code = _code("within")
    return subtree_prefix(code) if code else None


def _check_visible(name, code):
    """In the subtree, or an ancestor of it (the way up); anything else is someone else's area."""
    if not (accounts.in_scope(code, g.scope) or any(root.startswith(code) for root in g.scope)):
        raise ApiError(403, "out_of_scope", f"cell {code} is outside your area", parameter=name, cell=code)


def _date(name):
    text = request.args.get(name)
    if not text:
        return None
    try:
        return _day_start(dt.date.fromisoformat(text))
    except ValueError:
        raise bad_parameter(name, f"`{name}` must be a date YYYY-MM-DD") from None


def _day_start(day):
    return dt.datetime.combine(day, dt.time(), clock.SHANGHAI)


def _bbox():
    text = request.args.get("bbox")
    if not text:
        return None
    try:
        box = tuple(float(v) for v in text.split(","))
    except ValueError:
        box = ()
    if (len(box) != 4 or not (-180 <= box[0] < box[2] <= 180) or not (-90 <= box[1] < box[3] <= 90)):
        raise bad_parameter("bbox", "`bbox` must be minlon,minlat,maxlon,maxlat in EPSG:4326 degrees")
    return box


def _category():
    value = request.args.get("category") or None
    if value is not None and value not in {row["code"] for row in queries.categories(read_connection())}:
        raise bad_parameter("category", f"no category {value!r}")
    return value


def _window_filters(filters, days):
    """``filters`` with a whole window: ``to`` defaults to tomorrow's start, ``from`` to ``days`` before."""
    until = filters.until or _day_start(today() + dt.timedelta(days=1))
    since = filters.since or until - dt.timedelta(days=days)
    if since >= until:
        raise bad_parameter("from", "`from` must be before `to`")
    return dataclasses.replace(filters, since=since, until=until)


def _dispute_filter():
    """``dispute`` (``any`` or a dispute type's code) and ``risk``; a risk alone means any dispute."""
    dispute, risk = request.args.get("dispute") or None, choice_arg("risk", RISK_LEVELS)
    codes = () if dispute in (None, "any") else {t["code"] for t in dispute_records.types(read_connection())}
    if dispute not in (None, "any", *codes):
        raise bad_parameter("dispute", f"`dispute` is `any` or a dispute type ({', '.join(sorted(codes))}), not {dispute!r}")
    return {"dispute": dispute or ("any" if risk else None), "risk": risk}


def _int(name, default, low, high):
    text = request.args.get(name)
    return default if text is None else whole_number(name, text, low, high)
