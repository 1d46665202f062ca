"""An Open311 GeoReport v2 server (``/open311/v2``): services, requests in and out, each request's status.

Routes (``.json``; ``.xml`` too, XML being the spec's required format): ``GET services`` (the category
tree, ``service_code`` = the category's code), ``GET requests`` (filters ``service_request_id``,
``service_code``, ``start_date``, ``end_date``, ``status``; the last 90 days and at most 1,000 without
ids or dates), ``POST requests`` (form-encoded, ``api_key`` required), ``GET requests/<id>``.

A POST becomes a ticket of the one intake (:func:`grids.integration.intake.submit_tickets`): the key's
channel (or ``attribute[channel]`` among the key's), ``service_code`` as the category, ``lat``/``long``
(WGS 84, as the spec says) or ``address_string`` to place it, ``last_name`` + ``first_name`` and
``phone`` as the reporter, the other fields as attributes. The caller's own ticket number is
``attribute[ticket_id]``; without one, the ticket number is a digest of what was posted, so the same
request posted twice is still one. A repeated POST answers the first one's ``service_request_id``
(200 instead of 201) and changes nothing: GeoReport v2 creates requests, it does not update them.

Errors are the spec's: a list ``[{"code": 400, "description": "…"}]`` with that HTTP status (403 for a
missing, unknown or revoked key); never an HTML page, never a 500 without this shape.
"""
import datetime as dt
import hashlib
import json
import logging
import xml.etree.ElementTree as ET

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from gis.db import act_as
from gis.errors import GridgovError
from grids import clock, limits
from grids.integration import keys, status
from grids.integration.intake import BatchRefused, held_ticket, submit_tickets
from webmap import csrf
from webmap.db import connection
from webmap.errors import ApiError
from webmap.intake_api import INTAKE
from webmap.params import now

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
csrf.exempt(bp)
log = logging.getLogger(__name__)
FORMATS = ("json", "xml")
DEFAULT_DAYS = 90
POSTED_ATTRIBUTES = ("email", "device_id", "account_id", "media_url", "address_id", "jurisdiction_id")
OWN_ATTRIBUTES = ("ticket_id", "reported_at", "channel", "crs")   # attribute[…] the intake reads itself


class Open311Error(Exception):
    def __init__(self, status_code, description):
        super().__init__(description)
        self.status_code, self.description = status_code, description


@bp.route("/services.<fmt>")
def services(fmt):
    return _answer(fmt, status.services(connection()), "services", "service")


@bp.route("/requests.<fmt>", methods=["GET"])
def requests_list(fmt):
    args = request.args
    ids = _ids(args.get("service_request_id"))
    start, end = _date("start_date"), _date("end_date")
    if ids is None and start is None and end is None:
        start = now() - dt.timedelta(days=DEFAULT_DAYS)
    statuses = _statuses(args.get("status"))
    found = status.open311_requests(connection(), ids=ids, service_code=args.get("service_code") or None,
                                    start=start, end=end, statuses=statuses)
    return _answer(fmt, found, "service_requests", "request")


@bp.route("/requests/<int:request_id>.<fmt>")
def request_one(request_id, fmt):
    found = status.open311_requests(connection(), ids=[request_id])
    if not found:
        raise Open311Error(404, f"no service request {request_id}")
    return _answer(fmt, found, "service_requests", "request")


@bp.route("/requests.<fmt>", methods=["POST"])
def request_post(fmt):
    _format(fmt)
    form = request.form
    conn = connection()
    key = keys.authenticate(conn, form.get("api_key"))
    attributes = _attributes(form)
    channel = _channel(key, attributes.get("channel"))
    act_as(conn, f"api:{key['name']}")
    ticket = _ticket(form, attributes, channel, conn)
    held = held_ticket(conn, channel, ticket["source_ref"])
    if held is not None and held[1] not in (None, key["id"]):
        raise Open311Error(403, f"ticket {ticket['source_ref']} of {channel} was submitted by another key")
    if held is not None and held[1] == key["id"]:
        return _answer(fmt, [_posted(held[0], "repeated: this request was received before")], "service_requests",
                       "request", 200)
    report = submit_tickets(conn, key, channel, [ticket], INTAKE.get(conn), via="open311")
    _, _, incident_id, cell = report["results"][0]
    notice = f"已受理 (received), placed in {cell}" if cell else "已受理 (received), awaiting placement review"
    return _answer(fmt, [_posted(incident_id, notice)], "service_requests", "request", 201)


def _posted(incident_id, notice):
    return {"service_request_id": str(incident_id), "service_notice": notice, "account_id": None}


def _ticket(form, attributes, channel, conn):
    """The intake's ticket for a POST (standard field names, other fields as attributes)."""
    code = form.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    if code not in {s["service_code"] for s in status.services(conn)}:
        raise Open311Error(400, f"service_code {code} is not a service of this server (see services.json)")
    lat, lon = form.get("lat", "").strip(), form.get("long", "").strip()
    address = form.get("address_string", "").strip()
    if bool(lat) != bool(lon):
        raise Open311Error(400, "lat and long go together")
    if not (lat or address or form.get("address_id")):
        raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
    for name, value, low, high in (("lat", lat, -90, 90), ("long", lon, -180, 180)):
        if value and not _number_within(value, low, high):
            raise Open311Error(400, f"{name} must be a number from {low} to {high}")
    name = (form.get("last_name", "").strip() + form.get("first_name", "").strip()) or None
    ticket = {"category_text": code, "description": form.get("description") or None, "address": address or None,
              "x": lon or None, "y": lat or None, "crs": attributes.get("crs") or ("EPSG:4326" if lat else None),
              "reporter_name": name, "reporter_phone": form.get("phone") or None,
              **{f: form[f] for f in POSTED_ATTRIBUTES if form.get(f)},
              **{k: v for k, v in attributes.items() if k not in OWN_ATTRIBUTES}}
    ticket["source_ref"] = attributes.get("ticket_id") or "open311-" + _digest(channel, ticket)
    ticket["reported_at"] = attributes.get("reported_at") or now().isoformat()
    return ticket


def _digest(channel, ticket):
    text = json.dumps([channel, ticket], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _attributes(form):
    """``attribute[name]`` fields as a dict (the spec's way to pass what a service defines)."""
    return {name[len("attribute["):-1]: value for name, value in form.items()
            if name.startswith("attribute[") and name.endswith("]") and value != ""}


def _channel(key, asked):
    if asked:
        if asked not in key["channels"]:
            raise Open311Error(403, f"the key may not submit to the channel {asked}")
        return asked
    if len(key["channels"]) == 1:
        return key["channels"][0]
    raise Open311Error(400, f"the key submits to several channels ({', '.join(key['channels'])}): name one "
                            "in attribute[channel]")


def _number_within(text, low, high):
    try:
        value = float(text)
    except ValueError:
        return False
    return low <= value <= high


def _ids(text):
    if not text:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > limits.LIST_ITEMS or not all(p.isascii() and p.isdigit() and len(p) <= 18 for p in parts):
        raise Open311Error(400, "service_request_id is a comma-separated list of request ids")
    return [int(p) for p in parts]


def _date(name):
    text = request.args.get(name)
    if not text:
        return None
    try:
        return clock.resolve(text.replace(" ", "+") if " " in text else text)
    except ValueError:
        raise Open311Error(400, f"{name} must be an ISO 8601 time, e.g. 2026-03-01T00:00:00+08:00") from None


def _statuses(text):
    if not text:
        return None
    found = {s.strip() for s in text.split(",")}
    if not found <= {"open", "closed"}:
        raise Open311Error(400, "status is open, closed or both (comma-separated)")
    return found


def _format(fmt):
    if fmt not in FORMATS:
        raise Open311Error(400, f"format {fmt} is not served; use .json or .xml")


def _answer(fmt, items, root, item_name, status_code=200):
    _format(fmt)
    if fmt == "json":
        return jsonify(items), status_code
    return Response(_xml(items, root, item_name), status=status_code, mimetype="text/xml")


def _xml(items, root, item_name):
    top = ET.Element(root)
    for item in items:
        element = ET.SubElement(top, item_name)
        for name, value in item.items():
            ET.SubElement(element, name).text = _xml_text(value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="utf-8", xml_declaration=False)


def _xml_text(value):
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _errors(status_code, description):
    """The spec's error answer, in the request's format (JSON unless the path ends in .xml)."""
    if request.path.endswith(".xml"):
        errors = ET.Element("errors")
        error = ET.SubElement(errors, "error")
        ET.SubElement(error, "code").text = str(status_code)
        ET.SubElement(error, "description").text = description
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(errors, encoding="utf-8")
        return Response(body, status=status_code, mimetype="text/xml")
    return jsonify([{"code": status_code, "description": description}]), status_code


@bp.errorhandler(Open311Error)
def _open311_error(error):
    return _errors(error.status_code, error.description)


@bp.errorhandler(BatchRefused)
def _batch_refused(error):
    reasons = "; ".join(f"{p['field'] or 'ticket'}: {p['reason']}" for p in error.problems) or error.message
    return _errors(400, reasons)


@bp.errorhandler(GridgovError)
def _domain_error(error):
    return _errors(error.http_status, error.message)


@bp.errorhandler(ApiError)
def _api_error(error):
    return _errors(error.status, error.message)


@bp.errorhandler(HTTPException)
def _http_error(error):
    return _errors(error.code, error.description)


@bp.errorhandler(Exception)
def _unexpected(error):
    log.exception("Open311 request failed")
    return _errors(500, "the server failed to answer this request; it has been logged")


@bp.route("/<path:unknown>", methods=["GET", "POST"])
def _not_found(unknown):
    raise Open311Error(404, f"no resource {unknown} (services, requests, requests/<id>)")
