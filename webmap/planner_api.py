"""The planners' JSON API (``/api/v1/plan``): the draft, its edits, checks, load impact, proposal,
publishing, history and exports. ``docs/api.md`` ("Planning") is its contract.

Each view validates its parameters, calls one function of the planning modules of :mod:`grids`
(drafts, draft_edits, draft_history, publishing, livechecks, impact, proposal, generation_compare) and
answers JSON; the domain does the rules. Every state-changing request names the draft revision it was
made on (``expected_revision``); a stale one is answered 409 ``draft_conflict`` with the current
revision and who saved last. Planners and administrators only (403 otherwise); the draft is the whole
district's, so a planner's scope is the district.
"""
import csv
import dataclasses
import datetime as dt
import io
import json

from flask import Blueprint, current_app, g, jsonify, request

from gis.text_cells import text_row
from gis.vectorfiles import media_type_for, vector_file_bytes
from grids import limits
from grids.cells import compare, generations, live_checks
from grids.cells.code_changes import code_changes
from grids.cells.codes import district_of
from grids.cells.export import cell_export_frame
from grids.people import accounts
from grids.planning import community_map, drafts, edits, history, publishing
from grids.planning.analysis import impact, proposal
from webmap.auth import roles_required
from webmap.db import connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import CELL_CODE, is_whole_number, json_object, now, today, whole_number

bp = Blueprint("planner_api", __name__, url_prefix="/api/v1/plan")
ROLES = ("planner", "admin")


@bp.before_request
@roles_required(*ROLES)
def planners_only():
    """Every view of this blueprint: planners and administrators only."""


# ---- reading ---------------------------------------------------------------------------------------------
@bp.route("/state")
def state():
    conn = connection()
    communities = [c for c in community_map.communities(conn) if accounts.in_scope(c["code"], g.scope)]
    community = _community(required=False) or (communities[0]["code"] if communities else None)
    district = district_of(community) if community else None     # each district plans on its own
    draft = drafts.draft_status(conn, district)
    return jsonify(me=g.account["username"], role=g.account["role"], district=district,
                   draft=_iso(draft) if draft["generation"] else None,
                   current_generation=generations.current_generation(conn),
                   generations=[{"id": gen["id"], "published": gen["published_at"] is not None,
                                 "effective_date": _date(gen["effective_date"])}
                                for gen in generations.list_generations(conn)],
                   communities=communities)


@bp.route("/grids")
def grids():
    return jsonify(community_map.grid_features(connection(), _generation(), _community()))


@bp.route("/buildings")
def buildings():
    return jsonify(community_map.building_features(connection(), _generation(), _community()))


@bp.route("/findings")
def findings():
    found = live_checks.live_findings(connection(), _draft(), _community(required=False))
    errors = sum(f["severity"] == "error" for f in found)
    return jsonify(findings=found, errors=errors, warnings=len(found) - errors)


@bp.route("/impact")
def load_impact():
    conn = connection()
    answer = impact.load_impact(conn, _draft(), generations.current_generation(conn), now=now())
    community = _community(required=False)
    spread = answer["spread"]
    return jsonify(grids=[_impact_row(row) for row in answer["grids"]
                          if community is None or row["community_code"] == community],
                   members=answer["members"], replayed=answer["replayed"], unplaced=answer["unplaced"],
                   window=answer["window"],
                   spread={"district": spread["district"]["load_index"],
                           "community": (spread["communities"].get(community) or {}).get("load_index")})


@bp.route("/changes")
def changes():
    return jsonify(changes=code_changes(connection(), _draft()))


@bp.route("/compare")
def compare_generations():
    """What changed between generations ``a`` and ``b``: a FeatureCollection of the changed grids (the
    newer shape, or the old one of a removed grid) with ``change`` and the codes old → new."""
    found = compare.compare_generations(connection(), _int_arg("a"), _int_arg("b"),
                                        community_code=_community(required=False))
    grid_changes = [c for c in found["code_changes"] if c["level"] == "grid"]
    features = [{"type": "Feature", "geometry": cell["geometry_after"] or cell["geometry_before"],
                 "properties": {"code": cell["code"], "change": cell["change"],
                                "name": cell["name_after"] or cell["name_before"],
                                "old_codes": _codes_before(cell, grid_changes),
                                "new_codes": _codes_after(cell, grid_changes)}}
                for cell in found["cells"]]
    return jsonify(type="FeatureCollection", features=features, summary=found["summary"])


@bp.route("/log")
def log():
    return jsonify(entries=[{"at": _stamp(e["at"]), "who": e["by_username"], "action": e["action"],
                             "detail": _detail(e["details"])} for e in drafts.planning_log(connection())])


@bp.route("/export/grids.geojson")
def export_grids():
    """Every grid of a generation as a GeoJSON file."""
    generation = _generation("current", draft_or_current=False)
    return _download(json.dumps(community_map.grid_layer(connection(), generation), ensure_ascii=False),
                     f"grids-{generation}.geojson", "application/geo+json")


@bp.route('/export/grids.<any(gpkg, "shp.zip"):suffix>')
def export_grid_file(suffix):
    """Every grid of a generation as a GeoPackage or a zipped Shapefile in CGCS2000 (EPSG:4490), with
    the GeoJSON export's columns (an office's own attributes: ``gridgov plan export``)."""
    generation = _generation("current", draft_or_current=False)
    name = f"grids-{generation}.{suffix}"
    frame = cell_export_frame(connection(), generation, "grid", with_attributes=False)
    return _download(vector_file_bytes(frame, name, layer="grid"), name, media_type_for(name))


@bp.route("/export/buildings.csv")
def export_buildings():
    """The building → grid table of a generation (UTF-8 with a byte order mark, for Excel)."""
    generation = _generation("current", draft_or_current=False)
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow((*community_map.BUILDING_GRID_COLUMNS, "generation"))
    writer.writerows(text_row((*row, generation)) for row in community_map.building_grid_rows(connection(), generation))
    return _download("\ufeff" + table.getvalue(), f"buildings-{generation}.csv", "text/csv")


def _download(content, name, mimetype):
    """``content`` (text is sent as UTF-8) as a file to save under ``name``."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    response = current_app.response_class(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---- changing the draft ------------------------------------------------------------------------------------
EDITS = {
    "split": lambda conn, body, **kw: edits.split_grid(conn, _code_of(body, "grid"), _geometry(body, "line", LINES),
                                                       **kw),
    "merge": lambda conn, body, **kw: edits.merge_grids(conn, _codes_of(body, "grids"), **kw),
    "reshape": lambda conn, body, **kw: edits.reshape_grid(conn, _code_of(body, "grid"),
                                                           _geometry(body, "geometry"), **kw),
    "move": lambda conn, body, **kw: edits.move_buildings(conn, _codes_of(body, "buildings"),
                                                          _code_of(body, "to"), **kw),
    "create_dedicated": lambda conn, body, **kw: edits.create_dedicated_grid(
        conn, _code_of(body, "community"), _geometry(body, "geometry"), name=_text(body, "name"), **kw),
    "delete_dedicated": lambda conn, body, **kw: edits.delete_dedicated_grid(conn, _code_of(body, "grid"), **kw),
}


@bp.route("/edits", methods=("POST",))
def edit():
    body = _body()
    op = body.get("op")
    if op not in EDITS:
        raise bad_parameter("op", f"one of {', '.join(EDITS)}")
    result = EDITS[op](connection(), body, by=g.account["id"], expected_revision=_revision(body))
    return jsonify(_result(result))


@bp.route("/undo", methods=("POST",))
def undo():
    body = _body()
    return jsonify(_result(history.undo(connection(), by=g.account["id"], expected_revision=_revision(body),
                                        district=_district(body))))


@bp.route("/redo", methods=("POST",))
def redo():
    body = _body()
    return jsonify(_result(history.redo(connection(), by=g.account["id"], expected_revision=_revision(body),
                                        district=_district(body))))


@bp.route("/proposal", methods=("POST",))
def propose():
    body = _body()
    found = proposal.propose_division(connection(), _code_of(body, "community"), _k(body), now())
    features = [{"type": "Feature", "geometry": grid["geometry"],
                 "properties": {k: v for k, v in grid.items() if k not in ("geometry", "buildings")}}
                for grid in found["grids"]]
    return jsonify(grids={"type": "FeatureCollection", "features": features}, spread=found["spread"]["load"],
                   buildings=found["buildings"], incidents=found["incidents"])


@bp.route("/proposal/apply", methods=("POST",))
def apply_proposal():
    """The same proposal again (it is deterministic for a community, K and the clock) into the draft."""
    body = _body()
    conn = connection()
    found = proposal.propose_division(conn, _code_of(body, "community"), _k(body), now())
    result = proposal.apply_proposal(conn, found, by=g.account["id"], expected_revision=_revision(body))
    return jsonify(_result(result))


@bp.route("/<step>", methods=("POST",))
def workflow(step):
    if step not in ("submit", "approve", "publish", "discard"):
        raise ApiError(404, "not_found", f"no step {step!r}; submit, approve, publish or discard")
    body = _body()
    extra = {"effective_date": _effective_date(body)} if step == "publish" else {}
    result = getattr(publishing, step)(connection(), by=g.account["id"], expected_revision=_revision(body),
                                       district=_district(body), **extra)
    if step == "publish":
        result = {**result, "redispatched": len(result["handover"]["cases"])}
    return jsonify(_iso(result))


# ---- parameters ----------------------------------------------------------------------------------------------
def _body():
    return json_object("send a JSON object (Content-Type: application/json)")


def _revision(body):
    value = body.get("expected_revision")
    if not is_whole_number(value) or not 0 <= value <= limits.ID_MAX:
        raise bad_parameter("expected_revision", "the draft revision the change was made on (an integer ≥ 0)")
    return value


def _district(body):
    """The optional ``district`` of a workflow step or undo (6 digits); None: the account's or the only one."""
    value = body.get("district")
    if value is None:
        return None
    if not (isinstance(value, str) and len(value) == 6 and value.isascii() and value.isdigit()):
        raise bad_parameter("district", "a district's 6-digit code")
    return value


def _code_of(body, name):
    value = body.get(name)
    if not isinstance(value, str) or not CELL_CODE.match(value):
        raise bad_parameter(name, "a cell code (6–20 digits)")
    if not accounts.in_scope(value, g.scope):
        raise ApiError(403, "out_of_scope", f"{value} is not in your area", parameter=name)
    return value


def _codes_of(body, name):
    values = body.get(name)
    if not isinstance(values, list) or not 0 < len(values) <= limits.LIST_ITEMS:
        raise bad_parameter(name, f"a non-empty list of at most {limits.LIST_ITEMS} cell codes")
    return [_code_of({name: value}, name) for value in values]


LINES, AREAS = ("LineString", "MultiLineString"), ("Polygon", "MultiPolygon")


def _geometry(body, name, types=AREAS):
    """A drawn GeoJSON geometry (EPSG:4326, taken as CGCS2000) within :func:`grids.limits.drawn_geometry`'s
    bounds: its type, vertex count and coordinates."""
    value = body.get(name)
    if not isinstance(value, dict) or "type" not in value or "coordinates" not in value:
        raise bad_parameter(name, "a GeoJSON geometry (EPSG:4326, taken as CGCS2000)")
    return limits.drawn_geometry(name, value, types)


def _text(body, name):
    value = body.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limits.GRID_NAME:
        raise bad_parameter(name, f"a text of 1–{limits.GRID_NAME} characters")
    return value.strip()


def _k(body):
    value = body.get("k")
    if not is_whole_number(value) or not 1 <= value <= 60:
        raise bad_parameter("k", "the number of grids to propose (1–60)")
    return value


def _effective_date(body):
    value = body.get("effective_date")
    if value is None:
        return today()
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise bad_parameter("effective_date", "a date YYYY-MM-DD") from None


def _community(required=True):
    value = request.args.get("community")
    if value is None and not required:
        return None
    return _code_of({"community": value}, "community")


def _generation(default="draft", draft_or_current=True):
    """The ``generation`` parameter (``draft``, ``current`` or a number) as a generation id. For the
    map (``draft_or_current``), asking for the draft before there is one gives the current generation,
    which the draft would equal; an export of a missing draft is refused."""
    which = request.args.get("generation", default)
    if which not in ("draft", "current"):
        which = str(whole_number("generation", which, 1, limits.ID_MAX, "draft, current or a generation number"))
    conn = connection()
    if draft_or_current and which == "draft" and generations.draft_generation(conn) is None:
        which = "current"
    return generations.resolve(conn, which)


def _draft():
    draft = generations.draft_generation(connection())
    if draft is None:
        raise ApiError(404, "no_draft", "there is no draft: the first edit opens one")
    return draft


def _int_arg(name):
    return whole_number(name, request.args.get(name, ""), 1, limits.ID_MAX, "a generation number")


# ---- answers ---------------------------------------------------------------------------------------------------
def _result(result):
    """An edit's (undo's, redo's) result, JSON-friendly; always with the draft's new ``revision``."""
    return _iso(result if isinstance(result, dict) else dataclasses.asdict(result))


def _codes_before(cell, changes):
    if cell["change"] != "added":
        return [cell["code"]]
    return sorted({c["old_code"] for c in changes if c["new_code"] == cell["code"] and c["old_code"]})


def _codes_after(cell, changes):
    if cell["change"] != "removed":
        return [cell["code"]]
    return sorted({c["new_code"] for c in changes if c["old_code"] == cell["code"] and c["new_code"]})


def _impact_row(row):
    before, after = row["before"] or {}, row["after"] or {}
    return {"code": row["code"], "name": row["name"], "status": row["status"],
            "member_before": row["member_before"], "member_after": row["member_after"],
            "incidents_before": before.get("incidents"), "incidents_after": after.get("incidents"),
            "load_before": before.get("load_index"), "load_after": after.get("load_index")}


def _iso(values):
    return {k: _stamp(v) for k, v in values.items()}


def _stamp(value):
    return value.isoformat() if isinstance(value, (dt.datetime, dt.date)) else value


def _date(value):
    return value.isoformat() if value else None


def _detail(details):
    return ", ".join(f"{k}: {v}" for k, v in (details or {}).items() if not isinstance(v, (dict, list)))
