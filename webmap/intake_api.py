"""The intake API for calling systems (``/api/v1/intake``): batches of tickets in, their status back.

``POST /api/v1/intake/<channel>/tickets`` takes a JSON array of tickets (or ``{"tickets": [...]}``) with
the key in ``Authorization: Bearer <token>`` or ``X-Api-Key``; ``GET`` the same path with
``updated_after`` (ISO 8601; without an offset Asia/Shanghai) and ``after_id`` pages through the key's
tickets changed since. No session and no CSRF token: the key is the caller's identity, and what the
request writes is recorded as ``api:<key name>``. Errors are the API's one JSON shape
(:mod:`webmap.errors`): 403 ``key_refused``, 422 ``batch_refused`` with ``problems`` by item index and
field, 413 for a body beyond :data:`MAX_BODY_BYTES`. ``docs/integration.md`` has the contract.
"""
import json

from flask import Blueprint, jsonify, request

from gis.db import act_as
from grids import clock, limits
from grids.incidents.store import CHANNELS
from grids.integration import keys, status
from grids.integration.intake import IntakeCache, submit_tickets
from webmap import csrf
from webmap.db import connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import check_json, whole_number

bp = Blueprint("intake_api", __name__, url_prefix="/api/v1/intake")
csrf.exempt(bp)
MAX_BODY_BYTES = 8 * 1024 * 1024     # 10,000 hotline tickets of ~500 bytes each fit with room to spare
INTAKE = IntakeCache()


def request_token():
    """The key a request carries: ``Authorization: Bearer``, else ``X-Api-Key``, else None."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.headers.get("X-Api-Key") or None


def caller(channel):
    """The key of the request, allowed to submit to ``channel`` (403 otherwise); its writes carry its name."""
    if channel not in CHANNELS:
        raise ApiError(404, "not_found", f"no channel {channel!r}; channels: {', '.join(CHANNELS)}")
    conn = connection()
    key = keys.authenticate(conn, request_token(), channel)
    act_as(conn, f"api:{key['name']}")
    return key


@bp.route("/<channel>/tickets", methods=["POST"])
def submit(channel):
    key = caller(channel)
    if request.content_length is None:
        raise ApiError(411, "length_required", "send the body with a Content-Length")
    if request.content_length > MAX_BODY_BYTES:
        raise ApiError(413, "too_large", f"a batch body is at most {MAX_BODY_BYTES:,} bytes; split the batch")
    conn = connection()
    report = submit_tickets(conn, key, channel, _tickets(), INTAKE.get(conn))
    return jsonify(report)


def _tickets():
    hint = "the body is a JSON array of tickets, or an object {\"tickets\": [...]}"
    try:
        body = json.loads(request.get_data())
    except RecursionError:
        raise bad_parameter("body", f"the JSON body nests deeper than {limits.JSON_DEPTH} levels") from None
    except ValueError:
        raise bad_parameter("body", hint) from None
    if isinstance(body, dict):
        body = body.get("tickets")
    if not isinstance(body, list):
        raise bad_parameter("body", hint)
    check_json({"tickets": body}, "tickets")
    return body


@bp.route("/<channel>/tickets", methods=["GET"])
def changed(channel):
    key = caller(channel)
    after = _time("updated_after")
    after_id = whole_number("after_id", request.args["after_id"], 0, limits.ID_MAX) if "after_id" in request.args else 0
    limit = whole_number("limit", request.args.get("limit", str(status.PAGE)), 1, status.PAGE)
    rows, following = status.tickets_changed(connection(), key, channel, after, after_id, limit)
    tickets = [{"source_ref": r["source_ref"], "id": r["id"], "status": r["status"],
                "open311_status": r["open311_status"], "updated": r["updated"].isoformat(),
                "handler": {"level": r["handler_level"], "cell": r["handler_cell_code"], "department": r["department"]},
                "deadline": _iso(r["deadline"]), "closed_at": _iso(r["closed_at"]), "cell": r["cell"],
                "result": r["result"]} for r in rows]
    following = {"updated_after": following[0].isoformat(), "after_id": following[1]} if following else None
    return jsonify(channel=channel, tickets=tickets, next=following)


def _time(name):
    text = request.args.get(name)
    if text is None:
        return None
    try:
        return clock.resolve(text.replace(" ", "+") if text.count(" ") == 1 and "T" in text else text)
    except ValueError:
        raise bad_parameter(name, f"`{name}` must be an ISO 8601 time, e.g. 2026-03-01T08:00:00+08:00") from None


def _iso(value):
    return value.isoformat() if value is not None else None
