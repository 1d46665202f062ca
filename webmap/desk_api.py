"""The staff workbench's JSON API (``/api/v1/desk``): the queue, one case, its actions, the follow-up
calls, the supervision list, the departments and the responsibility list.

What ``/desk`` reads and writes; ``docs/workbench.md`` is its contract. Gates: signed in (401), a staff
role — command, street, community or department staff, or an administrator (403 ``forbidden``). Each
answer holds only the cases the account sees (:mod:`grids.desk.queue`): another area's case is a 403
``out_of_scope``, a missing one a 404. An action the role does not take is a 403 ``action_refused``
naming the ones it does; one the case's state no longer allows, or a case changed since the version the
page sent, a 409 ``case_conflict`` naming the state and the actions allowed now. Bad input is a 400
naming the field. State-changing requests need the CSRF token (``X-CSRFToken``).
"""
import datetime as dt

from flask import Blueprint, g, jsonify, request

from grids import limits
from grids.cases import loop
from grids.cells.hierarchy import LEVELS
from grids.errors import OutOfScope
from grids.desk import actions, followup, queue, supervision
from grids.incidents.store import CHANNELS
from grids.people import responsibility
from webmap.auth import refuse_unless_signed_in, roles_required
from webmap.db import connection
from webmap.errors import bad_parameter
from webmap.params import body_text, choice_arg, is_whole_number, json_object, now, whole_number

bp = Blueprint("desk_api", __name__, url_prefix="/api/v1/desk")

STAFF = ("command_staff", "street_staff", "community_staff", "department", "admin")
LIST_EDITORS = ("command_staff", "admin")         # who edits the responsibility list
staff_only = roles_required(*STAFF)
COLOURS = ("green", "yellow", "red", "none")
HANDLER_LEVELS = (*LEVELS[:4], "department")
WHISTLE_DAYS = 30


@bp.before_request
def signed_in():
    refuse_unless_signed_in()


@bp.route("/tabs")
@staff_only
def tabs():
    counts = queue.tab_counts(connection(), g.scope, g.account["person_id"], now())
    return jsonify(tabs=[{"tab": tab, "label": label, "count": counts[tab]}
                         for tab, (label, _, _) in queue.TABS.items()], now=now().isoformat())


@bp.route("/cases")
@staff_only
def cases():
    tab = choice_arg("tab", tuple(queue.TABS), "working")
    page = _whole("page", 1, 1, 100_000)
    found = queue.cases(connection(), g.account, g.scope, tab, _filters(), now(), page)
    return jsonify(**found, now=now().isoformat())


@bp.route("/cases/<int:case_id>")
@staff_only
def case(case_id):
    return jsonify(queue.case_page(connection(), case_id, g.account, g.scope, now()))


@bp.route("/cases/<int:case_id>/actions", methods=("POST",))
@staff_only
def action(case_id):
    body = json_object('send a JSON object: {"action": …, "note": …, "version": …}')
    conn, when = connection(), now()
    seen = queue.seen_case(conn, case_id, g.account, g.scope, when)
    name = body_text(body, "action", limits.CATEGORY, required=True)
    if name not in loop.ACTIONS:
        raise bad_parameter("action", f"unknown action {name!r}; actions: {', '.join(loop.ACTIONS)}")
    note, version = body_text(body, "note", limits.NOTE), _version(body.get("version"))
    if name == "rate":
        after = followup.record_rating(conn, seen, g.account, body_text(body, "rating", limits.CATEGORY), words=note,
                                       now=when, expected_version=version)
    else:
        after = actions.take(conn, seen, name, g.account, now=when, note=note, expected_version=version,
                             **_request(body))
    return jsonify(case=_after(conn, case_id, after, when), reopened=bool(after.get("reopened")))


def _after(conn, case_id, after, when):
    """The case as the desk shows it after the action; a case the action gave away (a department's
    escalation or return) is no longer the account's: only its id, state and version."""
    try:
        return queue.seen_case(conn, case_id, g.account, g.scope, when)
    except OutOfScope:
        return {"id": case_id, "status": after["status"], "version": after["case_version"], "visible": False}


@bp.route("/followups")
@staff_only
def followups():
    return jsonify(followup.calls_to_make(connection(), g.account, g.scope, _whole("page", 1, 1, 100_000)))


@bp.route("/supervision")
@staff_only
def supervision_due():
    return jsonify(cases=supervision.due_for_supervision(connection(), g.scope, now()),
                   rules={"times_limit": supervision.TIMES_LIMIT, "reopened": supervision.REOPENED,
                          "repeats": supervision.REPEATS, "days": supervision.REPEAT_DAYS})


@bp.route("/whistles")
@staff_only
def whistles():
    days = _whole("days", WHISTLE_DAYS, 1, 3660)
    since, until = supervision.last_days(days, now())
    rows = supervision.whistle_lateness(connection(), g.scope, since, until, now())
    return jsonify(days=days, departments=rows)


@bp.route("/departments")
@staff_only
def departments():
    return jsonify(departments=responsibility.departments(connection()))


@bp.route("/responsibilities")
@staff_only
def responsibilities():
    lines = responsibility.responsibility_list(connection())
    return jsonify(lines=[{**line, "updated_at": line["updated_at"].isoformat()} for line in lines],
                   editable=g.account["role"] in LIST_EDITORS)


@bp.route("/responsibilities", methods=("POST",))
@roles_required(*LIST_EDITORS)
def responsibilities_save():
    """Save lines of the list: ``{"lines": [{"category", "department", "matter", "basis"}, …]}``."""
    body = json_object('send {"lines": [{"category": …, "department": …, "matter": …, "basis": …}]}',
                       parameter="lines")
    lines = body.get("lines")
    if (not isinstance(lines, list) or not lines or len(lines) > limits.LIST_ITEMS
            or not all(isinstance(line, dict) for line in lines)):
        raise bad_parameter("lines", f"`lines` must be a list of 1 to {limits.LIST_ITEMS} objects")
    texts = [{k: line.get(k) if isinstance(line.get(k), str) else None
              for k in ("category", "department", "matter", "basis")} for line in lines]
    saved = responsibility.save_lines(connection(), texts, source="the request")
    return jsonify(saved=saved)


def _filters():
    return queue.Filters(
        colour=choice_arg("colour", COLOURS, None), category=_arg("category", limits.CATEGORY),
        channel=choice_arg("channel", tuple(CHANNELS), None), level=choice_arg("level", HANDLER_LEVELS, None),
        handler=_whole("handler", None, 1, limits.ID_MAX), repeat=_flag("repeat"), supervised=_flag("supervised"),
        bounced=_flag("bounced"))


def _request(body):
    """The loop's own arguments of an action, checked: to, level, co, departments, hours, meeting."""
    request_args = {}
    if body.get("to") not in (None, ""):
        request_args["to"] = body_text(body, "to", limits.PERSON_CODE)
    if body.get("level") not in (None, ""):
        request_args["level"] = _choice_value("level", body["level"], HANDLER_LEVELS)
    for field in ("co", "departments"):
        if body.get(field) not in (None, []):
            request_args[field] = _refs(body[field], field)
    if body.get("hours") not in (None, ""):
        request_args["hours"] = _hours(body["hours"])
    if body.get("meeting") is not None:
        request_args["meeting"] = _meeting(body["meeting"])
    return request_args


def _meeting(value):
    if not isinstance(value, dict):
        raise bad_parameter("meeting", '`meeting` must be {"at": "YYYY-MM-DD HH:MM", "attendees": [names]}')
    at = value.get("at")
    try:
        when = dt.datetime.fromisoformat(at) if isinstance(at, str) and len(at) <= 40 else None
    except ValueError:
        when = None
    if when is None:
        raise bad_parameter("meeting", "`meeting.at` must be the meeting's date and time (YYYY-MM-DD HH:MM)")
    attendees = value.get("attendees")
    if (not isinstance(attendees, list) or not 0 < len(attendees) <= limits.ATTENDEES
            or not all(isinstance(a, str) and a.strip() and not limits.text_problem(a, limits.NAME) for a in attendees)):
        raise bad_parameter("meeting", f"`meeting.attendees` must list 1 to {limits.ATTENDEES} names")
    return {"at": when.isoformat(), "attendees": [a.strip() for a in attendees]}


def _refs(value, field):
    if (not isinstance(value, list) or len(value) > limits.LIST_ITEMS
            or not all(isinstance(v, (str, int)) and not isinstance(v, bool) and 0 < len(str(v)) <= limits.PERSON_CODE
                       for v in value)):
        raise bad_parameter(field, f"`{field}` must be a list of departments' codes or ids")
    return tuple(str(v) for v in value)


def _hours(value):
    try:
        hours = float(value)
    except (TypeError, ValueError):
        hours = float("nan")
    if isinstance(value, bool) or not 0 < hours <= 24 * 366:
        raise bad_parameter("hours", "`hours` must be a number of hours above 0 and at most a year")
    return hours


def _version(value):
    if value is None or value == "":
        return None
    if not is_whole_number(value) or not 0 <= value <= limits.ID_MAX:
        raise bad_parameter("version", "`version` must be the case version the page showed (a whole number)")
    return int(value)


def _arg(name, maximum):
    value = request.args.get(name) or None
    if value is not None and len(value) > maximum:
        raise bad_parameter(name, f"`{name}` has more than {maximum} characters")
    return value


def _choice_value(name, value, allowed):
    if value not in allowed:
        raise bad_parameter(name, f"`{name}` must be one of {', '.join(allowed)}")
    return value


def _flag(name):
    value = request.args.get(name)
    if value in (None, ""):
        return None
    if value not in ("1", "0", "true", "false"):
        raise bad_parameter(name, f"`{name}` must be 1 or 0")
    return value in ("1", "true")


def _whole(name, default, low, high):
    value = request.args.get(name)
    return default if value in (None, "") else whole_number(name, value, low, high)
