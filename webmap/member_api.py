"""The grid member's JSON API (``/api/v1/member``): their area, their cases, actions, photos, field
reports and notifications.

What the phone page (``/member``) reads and writes; ``docs/member.md`` and ``docs/api.md`` are its
contract. Each view parses its parameters (a wrong one is a 400 naming it), calls one function of
:mod:`grids.member.area`, :mod:`grids.member.worklist`, :mod:`grids.member.field_reports`, :mod:`grids.cases.photos` or
:mod:`grids.people.notifications`, and answers JSON. Gates: signed in (401), role ``grid_member`` (403
``forbidden``) — except a photo, which any account whose scope holds its case (and the case's handler)
may fetch. State-changing requests need the CSRF token (``X-CSRFToken``), as everywhere. Notifications
are the signed-in member's own: read and marked through the account's person, never a person named in
the request.

Errors keep the one shape of :mod:`webmap.errors`, with the status each domain error names
(``http_status``): ``out_of_scope``, ``not_your_case``, ``not_a_member_action`` 403 · ``not_found`` 404 ·
``case_conflict`` 409 (reload and try again) · ``photo_too_large`` 413 · ``photo_type`` 415 · the rest
400 (``illegal_transition``, ``note_required``, ``outside_all_cells``, …).
"""
import math

from flask import Blueprint, current_app, g, jsonify, request

from grids import clock, limits
from grids.cases import photos
from grids.member import area, field_reports, worklist
from grids.people import notifications
from webmap.auth import refuse_unless_signed_in, roles_required
from webmap.db import connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import is_whole_number, json_object, now

bp = Blueprint("member_api", __name__, url_prefix="/api/v1/member")

FORM_SLACK = 64 * 1024          # room for the other form fields and the multipart framing around a photo
NAME_LENGTH = 120
NOTIFICATIONS_LISTED = 50       # the newest; the unread count covers them all
member_only = roles_required("grid_member")


@bp.before_request
def signed_in():
    refuse_unless_signed_in()


@bp.route("/area")
@member_only
def my_area():
    return jsonify(**area.member_area(connection(), g.scope), scopes=list(g.scope), now=now().isoformat())


@bp.route("/cases")
@member_only
def cases():
    found = worklist.open_cases(connection(), g.scope, _person(), now(), here=_here())
    return jsonify(cases=found, now=now().isoformat())


@bp.route("/cases/<int:case_id>")
@member_only
def case(case_id):
    return jsonify(worklist.case_detail(connection(), case_id, g.scope, _person(), now(), here=_here()))


@bp.route("/cases/<int:case_id>/actions", methods=("POST",))
@member_only
def action(case_id):
    body = json_object("send a JSON object: {\"action\": …, \"note\": …, \"version\": …}")
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise bad_parameter("note", "`note` must be text")
    after = worklist.take_action(connection(), case_id, str(body.get("action") or ""), person_id=_person(),
                                 scope=g.scope, now=now(), note=note,
                                 expected_version=_version(body.get("version")))
    return jsonify(after)


@bp.route("/cases/<int:case_id>/photos", methods=("POST",))
@member_only
def photo_upload(case_id):
    data, name = _photo(required=True)
    attached = worklist.attach_photo(connection(), case_id, data, person_id=_person(), scope=g.scope, now=now(),
                                     name=name, note=request.form.get("note") or None,
                                     expected_version=_version(request.form.get("version")))
    return jsonify(attached), 201


@bp.route("/reports", methods=("POST",))
@member_only
def report():
    data, name = _photo(required=False)
    filed = field_reports.file_report(
        connection(), person_id=_person(), lon=_form_number("lon"), lat=_form_number("lat"),
        category=request.form.get("category"), description=request.form.get("description"), now=now(),
        accuracy_m=_form_number("accuracy", required=False), photo=data, photo_name=name)
    filed["in_your_area"] = worklist.in_area(filed, g.scope)
    if not filed["in_your_area"]:                # another grid's case: its handler is not this member's business
        filed["handler_person_id"] = None
    return jsonify(filed), 201


@bp.route("/notifications")
@member_only
def notifications_list():
    """The member's own notifications, newest first, and how many are unread."""
    conn, person = connection(), _person()
    listed = notifications.notifications_for(conn, person, limit=NOTIFICATIONS_LISTED)
    return jsonify(notifications=[_notification(n) for n in listed], unread=notifications.unread_count(conn, person))


@bp.route("/notifications/read", methods=("POST",))
@member_only
def notifications_read():
    """Mark notifications read: ``{"ids": [...]}`` (the member's own; others' are passed over) or
    ``{"all": true}``."""
    hint = "send {\"ids\": [notification ids]} or {\"all\": true}"
    body = json_object(hint, parameter="ids")
    if not (body.get("all") is True or "ids" in body):
        raise bad_parameter("ids", hint)
    ids = None if body.get("all") is True else _ids(body["ids"])
    conn, person = connection(), _person()
    marked = notifications.mark_read(conn, person, ids)
    return jsonify(marked=marked, unread=notifications.unread_count(conn, person))


@bp.route("/photos/<int:photo_id>")
def photo(photo_id):
    """A photo's bytes, to any account whose scope holds the photo's case (not only grid members), and
    to the case's handler; never to a planner (planning needs no photos)."""
    if g.account["role"] == "planner":
        raise ApiError(403, "forbidden", "planners do not see case photos", photo=photo_id)
    found = photos.get_photo(connection(), photo_id)
    if found is None:
        raise ApiError(404, "not_found", f"no photo {photo_id}", photo=photo_id)
    if not worklist.holds(found, g.scope, g.account["person_id"]):
        raise ApiError(403, "out_of_scope", f"photo {photo_id} belongs to a case outside your area", photo=photo_id)
    response = current_app.response_class(bytes(found["data"]), mimetype=found["content_type"])
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.cache_control.private, response.cache_control.max_age = True, 86400
    response.set_etag(found["sha256"])
    return response.make_conditional(request)


def _person():
    person = g.account["person_id"]
    if person is None:
        raise ApiError(403, "forbidden", "this grid member's account is not linked to a person")
    return person


def _here():
    """``(lon, lat)`` from ``?lon=&lat=`` (WGS 84 degrees), or None when not given."""
    lon, lat = request.args.get("lon"), request.args.get("lat")
    if lon is None and lat is None:
        return None
    try:
        here = float(lon), float(lat)
    except (TypeError, ValueError):
        here = (math.nan, math.nan)
    if not (-180 <= here[0] <= 180 and -90 <= here[1] <= 90):
        raise bad_parameter("lon", "`lon` and `lat` must both be given, in WGS 84 degrees")
    return here


def _notification(row):
    return {"id": row["id"], "kind": row["kind"], "message": row["message"], "details": row["details"],
            "created_at": _iso(row["created_at"]), "read_at": _iso(row["read_at"])}


def _iso(when):
    return when.astimezone(clock.SHANGHAI).isoformat() if when else None


def _ids(value):
    if (not isinstance(value, list) or len(value) > limits.LIST_ITEMS
            or not all(is_whole_number(i) and not limits.id_problem(i) for i in value)):
        raise bad_parameter("ids", f"`ids` must be a list of at most {limits.LIST_ITEMS} notification ids "
                            f"(whole numbers from 1 to {limits.ID_MAX})")
    return value


def _version(value):
    if value is None or value == "":
        return None
    text = str(value)
    if isinstance(value, bool) or not (text.isascii() and text.isdigit() and int(text) <= limits.ID_MAX):
        raise bad_parameter("version", "`version` must be the case version the page showed (a whole number)")
    return int(text)


def _form_number(name, required=True):
    text = request.form.get(name)
    if text in (None, ""):
        if required:
            raise bad_parameter(name, f"`{name}` is required (WGS 84 degrees from the phone's location)")
        return None
    try:
        return float(text)
    except ValueError:
        raise bad_parameter(name, f"`{name}` must be a number") from None


def _photo(required):
    """``(bytes, file name)`` of the form's ``photo`` (None when absent and not required). A request whose
    declared length is more than a photo may be is refused at once (browsers always declare it for a form)."""
    limit = photos.MAX_BYTES + FORM_SLACK
    if request.content_length and request.content_length > limit:
        raise ApiError(413, "photo_too_large", f"the upload is {request.content_length / 1048576:.1f} MB; a photo "
                       f"may be at most {photos.MAX_BYTES // 1048576} MB", field="photo", max_bytes=photos.MAX_BYTES)
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        if required:
            raise bad_parameter("photo", "send the photo as the multipart field `photo`")
        return None, "photo"
    return upload.read(photos.MAX_BYTES + 1), upload.filename[:NAME_LENGTH]
