"""The review queue's JSON API (``/api/v1/review``): incidents placed nowhere, and placing them.

Gates: signed in (401); staff — command, street, community — or an administrator (403 ``forbidden`` for
grid members, planners and departments). An unplaced incident has no cell, so the command centre and the
administrators see the whole queue; a street's or community's staff see only the incidents whose partial
placement (a street code without a community) lies in their area — an incident they may not see is a
404 like an unknown one (docs/incidents.md). A cell outside the account's area is a 403
``out_of_scope``; one placed already (or meanwhile) 409 ``already_placed``; an unknown cell or a point no
cell holds 400 naming the field. State-changing requests need the CSRF token (``X-CSRFToken``).
"""
import math

from flask import Blueprint, g, jsonify, request

from grids import limits
from grids.incidents import review
from grids.incidents.store import CHANNELS
from webmap.auth import refuse_unless_signed_in, roles_required
from webmap.db import connection
from webmap.errors import bad_parameter
from webmap.params import CELL_CODE, is_whole_number, json_object, whole_number

bp = Blueprint("review_api", __name__, url_prefix="/api/v1/review")
REVIEWERS = ("command_staff", "admin", "street_staff", "community_staff")
WHOLE_QUEUE = ("command_staff", "admin")          # the others see the incidents placed partly in their area
reviewers_only = roles_required(*REVIEWERS)


@bp.before_request
def signed_in():
    refuse_unless_signed_in()


@bp.route("/unplaced")
@reviewers_only
def unplaced():
    channel = request.args.get("channel") or None
    if channel is not None and channel not in CHANNELS:
        raise bad_parameter("channel", f"`channel` must be one of {', '.join(CHANNELS)}")
    text = request.args.get("q") or None
    if text is not None and len(text) > limits.ADDRESS:
        raise bad_parameter("q", f"`q` has more than {limits.ADDRESS} characters")
    reason = request.args.get("reason") or None
    if reason is not None and len(reason) > limits.TITLE:
        raise bad_parameter("reason", f"`reason` has more than {limits.TITLE} characters")
    page = whole_number("page", request.args.get("page") or "1", 1, 100_000)
    return jsonify(review.queue(connection(), channel=channel, reason=reason, text=text, page=page,
                                within=_within()))


@bp.route("/unplaced/<int:incident_id>")
@reviewers_only
def unplaced_item(incident_id):
    return jsonify(review.item(connection(), incident_id, within=_within()))


@bp.route("/unplaced/<int:incident_id>/place", methods=("POST",))
@reviewers_only
def place_one(incident_id):
    body = json_object('send {"cell_code": …} or {"lon": …, "lat": …}')
    return jsonify(review.place(connection(), [incident_id], scope=g.scope, within=_within(), **_where(body)))


@bp.route("/place", methods=("POST",))
@reviewers_only
def place_many():
    body = json_object('send {"ids": [incident ids], "cell_code": …}')
    ids = body.get("ids")
    if (not isinstance(ids, list) or not 0 < len(ids) <= limits.LIST_ITEMS
            or not all(is_whole_number(i) and not limits.id_problem(i) for i in ids)):
        raise bad_parameter("ids", f"`ids` must list 1 to {limits.LIST_ITEMS} incident ids")
    return jsonify(review.place(connection(), list(dict.fromkeys(ids)), scope=g.scope, within=_within(),
                                **_where(body)))


def _within():
    """Whose incidents the account sees: None (all) for the command centre, else its area's roots."""
    return None if g.account["role"] in WHOLE_QUEUE else g.scope


def _where(body):
    """``cell_code`` or ``lon``/``lat`` (WGS 84 degrees), checked."""
    code = body.get("cell_code")
    if code is not None:
        if not isinstance(code, str) or not CELL_CODE.match(code):
            raise bad_parameter("cell_code", "`cell_code` must be a cell code (6–20 digits)")
        return {"cell_code": code}
    lon, lat = body.get("lon"), body.get("lat")
    numbers = [v for v in (lon, lat) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]
    if len(numbers) != 2 or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise bad_parameter("lon", "send `cell_code`, or `lon` and `lat` in WGS 84 degrees")
    return {"lon": float(lon), "lat": float(lat)}
