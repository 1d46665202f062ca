"""Early warnings (预警) as JSON (``/api/v1/warnings``): the warnings of the account's area as GeoJSON points
for the command map, one warning with its linked tickets, and its confirmation or dismissal.

What the command map's 预警 layer (``static/js/command-layers.js``) reads and writes; docs/foresight.md
("Bursts and early warnings") is its contract. Each view parses its request, calls one function of
:mod:`grids.foresight.warnings` and answers JSON.

Who: command-centre staff and administrators read every warning (also one placed nowhere); street and
community staff read the warnings placed in their area. **Deciding** (confirm, dismiss) is for command
staff, and street staff within their area, signed in with an account linked to a person (who decided is
recorded); others get 403 and nothing is written. No answer carries personal data: no reporter's name or
phone, a ticket's title with phone and ID numbers masked (as the desk masks them).

Errors: bad input is a 400 naming the field (``bad_parameter`` or the domain's ``warning``); a warning
already decided is a 409 ``warning_decided``; a warning outside the account's area a 403
``out_of_scope``. State-changing requests need the CSRF token (``X-CSRFToken``).
"""
import datetime as dt

from flask import Blueprint, g, jsonify, request

from grids import clock, limits
from grids.foresight import warnings
from webmap.auth import refuse_unless_signed_in, roles_required
from webmap.db import connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import CELL_CODE, json_object, now

bp = Blueprint("warnings_api", __name__, url_prefix="/api/v1/warnings")

WHOLE_DISTRICT = ("command_staff", "admin")                        # also the warnings placed nowhere
READERS = (*WHOLE_DISTRICT, "street_staff", "community_staff")
DECIDERS = ("command_staff", "street_staff")


@bp.before_request
def signed_in():
    refuse_unless_signed_in()


@bp.route("")
@roles_required(*READERS)
def listed():
    """The warnings of ``status`` (comma-separated; default open) under the cell ``within`` that the
    account sees, newest first, as GeoJSON points: severity, category, reporters, tickets, the linked
    ticket ids; ``precision`` of the decisions so far (confirmed / decided)."""
    statuses = _statuses()
    within = (request.args.get("within") or "").strip() or None
    if within is not None and not CELL_CODE.match(within):
        raise bad_parameter("within", "`within` must be a cell code (6 to 20 digits)")
    conn = connection()
    roots = [None] if g.account["role"] in WHOLE_DISTRICT else list(g.scope)
    found = {}
    for root in _narrowed(roots, within):           # each root of the area queried, so no area is cut short
        for row in warnings.list_warnings(conn, statuses, root):
            if _sees(row):
                found[row["id"]] = row
    rows = sorted(found.values(), key=lambda r: (r["last_reported_at"], r["id"]), reverse=True)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                 "properties": _public(r)} for r in rows]
    return jsonify({"type": "FeatureCollection", "features": features, "statuses": statuses,
                    "precision": warnings.precision(conn), "can_decide": _may_decide_any()})


@bp.route("/<int:warning_id>")
@roles_required(*READERS)
def one(warning_id):
    found = _seen(warning_id)
    return jsonify(_shown(found))


@bp.route("/<int:warning_id>/confirm", methods=("POST",))
@roles_required(*DECIDERS)
def confirm(warning_id):
    body = json_object('send a JSON object: {"reason": optional text}')
    found = _decidable(warning_id)
    decided = warnings.confirm(connection(), found["id"], g.account["person_id"], now=now(),
                               reason=_reason(body, required=False))
    return jsonify(_shown(decided))


@bp.route("/<int:warning_id>/dismiss", methods=("POST",))
@roles_required(*DECIDERS)
def dismiss(warning_id):
    body = json_object('send a JSON object: {"reason": "why this is no 群体性事件苗头"}')
    reason = _reason(body, required=True)
    found = _decidable(warning_id)
    decided = warnings.dismiss(connection(), found["id"], g.account["person_id"], reason, now=now())
    return jsonify(_shown(decided))


# ---- who sees what -------------------------------------------------------------------------------


def _sees(row):
    if g.account["role"] in WHOLE_DISTRICT:
        return True
    return bool(row["cell_code"]) and any(row["cell_code"].startswith(root) for root in g.scope)


def _narrowed(roots, within):
    """The area's roots (None: the whole district) narrowed to the cell ``within``: the inner of each nested
    pair; a root apart from ``within`` is dropped (a ``within`` outside the area finds nothing)."""
    if within is None:
        return roots
    return [within if root is None or within.startswith(root) else root
            for root in roots if root is None or within.startswith(root) or root.startswith(within)]


def _may_decide_any():
    return g.account["role"] in DECIDERS and g.account.get("person_id") is not None


def _seen(warning_id):
    found = warnings.get_warning(connection(), warning_id)         # 404 when there is none
    if not _sees(found):
        raise ApiError(403, "out_of_scope", f"warning {warning_id} is outside your area", warning=warning_id)
    return found


def _decidable(warning_id):
    found = _seen(warning_id)
    if g.account.get("person_id") is None:
        raise ApiError(403, "forbidden", "this account is not linked to a person: it cannot decide a warning")
    return found


def _shown(found):
    shown = _public(found)
    shown["linked"] = [{k: t[k] for k in ("id", "channel", "reported_at", "category_code", "title", "grid_code",
                                          "status")} for t in found["linked"]]
    shown["history"] = [{k: e[k] for k in ("action", "from_status", "to_status", "by_person_id", "at", "reason")}
                        for e in found["history"]]
    shown["can_decide"] = found["status"] == "open" and _may_decide_any()
    return _plain(shown)


def _public(row):
    keys = ("id", "category_code", "category_name", "cell_code", "grid_code", "first_reported_at",
            "last_reported_at", "reporters", "tickets", "severity", "severity_label", "escalation_words", "status",
            "status_label", "decided_at", "reason", "ticket_ids", "rule")
    return _plain({k: row[k] for k in keys})


# ---- request parsing -----------------------------------------------------------------------------


def _statuses():
    values = [v.strip() for v in (request.args.get("status") or "open").split(",") if v.strip()]
    if not values or any(v not in warnings.STATUSES for v in values):
        raise bad_parameter("status", f"`status` must be a comma-separated list of {', '.join(warnings.STATUSES)}")
    return values


def _reason(body, required):
    value = body.get("reason")
    if value is not None and not isinstance(value, str):
        raise bad_parameter("reason", "`reason` must be a text")
    text = (value or "").strip()
    if required and not text:
        raise bad_parameter("reason", "`reason` is required: why this is no 群体性事件苗头")
    if len(text) > min(warnings.REASON_MAX, limits.NOTE):
        raise bad_parameter("reason", f"`reason` has more than {min(warnings.REASON_MAX, limits.NOTE)} characters")
    return text or None


def _plain(value):
    """Times in ISO 8601 (Asia/Shanghai), as the page reads them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.astimezone(clock.SHANGHAI).isoformat() if value.tzinfo else value.isoformat()
    return value
