"""The dispute chain's JSON API (``/api/v1/disputes``, and ``/api/v1/member/disputes`` for the phone):
the queue, one dispute, the chain's steps, the organisations and mediators with their load, the KPIs, and
the open red and orange disputes as GeoJSON points for the command map's 矛盾纠纷 layer.

What ``/disputes`` (:mod:`webmap.disputes`) reads and writes; ``docs/disputes.md`` ("Pages and API") is
its contract. Each view parses its request, calls one function of :mod:`grids.disputes` and answers JSON.

Who: command, street and community staff (and administrators linked to a person) **act** on the disputes
of their area; department staff **read** the disputes of the cases they handle; grid members read their
own grids' disputes and record a screened one (排查) from the phone; a mediator linked to an account
records sessions, outcomes and follow-ups of the disputes sent to them; planners get 403. Whether an
account sees a dispute is one rule, :func:`grids.disputes.parties.access` — the same that masks the
parties — so a dispute whose parties the account may not see is a 403 ``out_of_scope``, never an answer.
Lists carry no personal data; an ID number is never whole in any answer.

Errors: bad input is a 400 naming the field (the domain's ``dispute`` code, or ``bad_parameter``), and
nothing is written (each step runs in a savepoint, and the request's transaction is rolled back on an
error); a step the stage does not allow is a 409 ``illegal_dispute_step`` naming the stage and the
``allowed`` steps. State-changing requests need the CSRF token (``X-CSRFToken``).
"""
import datetime as dt
import decimal

from flask import Blueprint, g, jsonify, request

from grids import clock, limits
from grids.cases import loop
from grids.cells.hierarchy import LEVELS
from grids.disputes import chain, kpi, mediation, organisations, parties, records, risk, screening, triage
from grids.errors import IllegalDisputeStep
from grids.privacy import mask_phones_in
from webmap.auth import refuse_unless_signed_in, roles_required
from webmap.db import connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import CELL_CODE, body_text, choice_arg, date_arg, json_object, now, whole_number

bp = Blueprint("disputes_api", __name__, url_prefix="/api/v1/disputes")
member_bp = Blueprint("member_disputes_api", __name__, url_prefix="/api/v1/member/disputes")

ACTORS = ("command_staff", "street_staff", "community_staff", "admin")      # act on their area's disputes
READERS = (*ACTORS, "department", "grid_member")
MEDIATOR_STEPS = ("session", "success", "failure", "follow_up")             # a mediator's own disputes
PAGE_STEPS = ("triage", "joint", "session", "success", "failure", "follow_up", "risk")
KPI_LEVELS = tuple(level for level in LEVELS if level != "microgrid")
LISTED = 500
MAP_RISKS = ("red", "orange")                                               # the command map's markers


@bp.before_request
@member_bp.before_request
def signed_in():
    refuse_unless_signed_in()


@bp.route("")
@roles_required(*READERS)
def queue():
    """The disputes the account sees, newest first, filtered by ``stage``, ``risk``, ``type``, ``org``;
    ``counts`` per stage (the page's tabs) before the stage filter."""
    stage = choice_arg("stage", chain.STAGES)
    level = choice_arg("risk", risk.LEVELS)
    type_code = _text_arg("type", limits.CATEGORY)
    org = _text_arg("org", limits.PERSON_CODE)
    conn, viewer = connection(), _viewer()
    rows = _visible_rows(conn, viewer, [level] if level else None)
    if type_code:
        rows = [r for r in rows if r["type_code"] == type_code]
    if org:
        org_id = organisations.find_org(conn, org, field="org")["id"]
        rows = [r for r in rows if r["org_id"] == org_id]
    counts = {s: sum(r["stage"] == s for r in rows) for s in chain.STAGES}
    if stage:
        rows = [r for r in rows if r["stage"] == stage]
    return jsonify(disputes=_plain(rows), counts=counts, total=len(rows), now=now().isoformat())


@bp.route("/map")
@roles_required(*READERS)
def map_points():
    """The open disputes (received … agreed) the account sees, of the ``risk`` levels (comma-separated;
    default red,orange), under the cell ``within`` when given, as GeoJSON points for the command map: type,
    stage, risk, people involved, no personal data; ``truncated`` when :data:`LISTED` cut them."""
    levels = _choices("risk", risk.LEVELS) or list(MAP_RISKS)
    within = _text_arg("within", 20)
    if within is not None and not CELL_CODE.match(within):
        raise bad_parameter("within", "`within` must be a cell code (6 to 20 digits)")
    rows = _visible_rows(connection(), _viewer(), levels, stages=chain.OPEN, within=within)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                 "properties": {k: r[k] for k in ("id", "type_code", "type_name", "stage", "risk_level",
                                                  "people_involved", "grid_code", "received_at")}}
                for r in rows if r["lon"] is not None]
    return jsonify(_plain({"type": "FeatureCollection", "features": features, "truncated": len(rows) >= LISTED}))


@bp.route("/<int:dispute_id>")
@roles_required(*READERS)
def one(dispute_id):
    conn = connection()
    return jsonify(_shown(conn, dispute_id, _viewer()))


@bp.route("/<int:dispute_id>/triage", methods=("POST",))
@roles_required(*READERS)
def triage_step(dispute_id):
    body = _body('{"post", "org", "mediators": [codes], "note"}')
    return _step(dispute_id, "triage", lambda conn, by, when: triage.triage(
        conn, dispute_id, post=body.get("post"), org=body.get("org") or None,
        mediators=_list(body, "mediators", required=False), by=by, now=when, note=body.get("note")))


@bp.route("/<int:dispute_id>/joint", methods=("POST",))
@roles_required(*READERS)
def joint_step(dispute_id):
    body = _body('{"posts": [two or more posts], "meeting_at", "attendees": [names], "decision", "mediators"}')
    return _step(dispute_id, "joint", lambda conn, by, when: triage.joint(
        conn, dispute_id, posts_joined=[p for p in _list(body, "posts") if isinstance(p, str)],
        meeting_at=body.get("meeting_at"), attendees=_list(body, "attendees"), decision=body.get("decision"),
        mediators=_list(body, "mediators", required=False), by=by, now=when))


@bp.route("/<int:dispute_id>/sessions", methods=("POST",))
@roles_required(*READERS)
def session_step(dispute_id):
    body = _body('{"held_at": "YYYY-MM-DDTHH:MM", "place", "attendees": [names], "notes"}')
    return _step(dispute_id, "session", lambda conn, by, when: mediation.record_session(
        conn, dispute_id, held_at=body.get("held_at"), place=body.get("place"),
        attendees=_list(body, "attendees"), notes=body.get("notes"), by=by, now=when))


@bp.route("/<int:dispute_id>/agreement", methods=("POST",))
@roles_required(*READERS)
def agreement_step(dispute_id):
    body = _body('{"terms", "deadline": "YYYY-MM-DD", "amount", "judicial_confirmation": false, "note"}')
    return _step(dispute_id, "success", lambda conn, by, when: mediation.settle(
        conn, dispute_id, terms=body.get("terms"), deadline=body.get("deadline"), amount=body.get("amount"),
        judicial_confirmation=_flag(body, "judicial_confirmation"), by=by, now=when, note=body.get("note")))


@bp.route("/<int:dispute_id>/handover", methods=("POST",))
@roles_required(*READERS)
def handover_step(dispute_id):
    body = _body('{"target": "court" | "labour_arbitration" | "administrative" | "petition_office", "body", '
                 '"reference", "reason"}')
    return _step(dispute_id, "failure", lambda conn, by, when: mediation.hand_over(
        conn, dispute_id, target=body.get("target"), body=body.get("body"), reference=body.get("reference"),
        reason=body.get("reason"), by=by, now=when))


@bp.route("/<int:dispute_id>/follow_up", methods=("POST",))
@roles_required(*READERS)
def follow_up_step(dispute_id):
    body = _body('{"performance": "performed" | "partly" | "not", "note"}')
    return _step(dispute_id, "follow_up", lambda conn, by, when: mediation.follow_up(
        conn, dispute_id, performance=body.get("performance"), note=body.get("note"), by=by, now=when))


@bp.route("/<int:dispute_id>/risk", methods=("POST",))
@roles_required(*READERS)
def risk_step(dispute_id):
    body = _body('{"level": "red" | "orange" | "yellow" | "blue" | null (the rule\'s), "reason"}')
    return _step(dispute_id, "risk", lambda conn, by, when: risk.override(
        conn, dispute_id, body.get("level") or None, body.get("reason"), by, now=when))


@bp.route("/organisations")
@roles_required(*READERS)
def organisation_list():
    """The organisations with their mediators and load (disputes still being mediated)."""
    return jsonify(organisations=_plain(organisations.organisations(connection())))


@bp.route("/mediators")
@roles_required(*READERS)
def mediator_list():
    org = _text_arg("org", limits.PERSON_CODE)
    rows = organisations.mediators(connection(), org)
    return jsonify(mediators=_plain([{k: v for k, v in m.items() if k not in ("phone", "person_id")} for m in rows]))


@bp.route("/posts")
@roles_required(*READERS)
def post_list():
    centre = _text_arg("centre", 20)
    if not centre:
        raise bad_parameter("centre", "`centre` is the code of a street or the district (the dispute's centre)")
    return jsonify(centre=centre, posts=triage.posts(connection(), centre))


@bp.route("/types")
@roles_required(*READERS, "planner")
def type_list():
    return jsonify(types=records.types(connection(), active_only=True))


@bp.route("/kpis")
@roles_required(*READERS)
def kpis():
    """The chain's KPIs per cell of ``level`` under ``within`` (default: the account's area), over the
    disputes received in [``since``, ``until``) (dates; default: all)."""
    level = choice_arg("level", KPI_LEVELS) or "community"
    within = _text_arg("within", 20)
    if within is None:
        if len(g.scope) != 1:
            raise bad_parameter("within", "`within` is the code of a cell of your area")
        within = g.scope[0]
    if not any(within.startswith(root) or root.startswith(within) and g.account["role"] in parties.WHOLE_DISTRICT
               for root in g.scope):
        raise ApiError(403, "out_of_scope", f"cell {within} is outside your area", cell=within)
    rows = kpi.by_level(connection(), level, since=_date_arg("since"), until=_date_arg("until"), now=now(),
                        within=within)
    return jsonify(level=level, within=within, cells=rows, rates=list(kpi.RATES))


@member_bp.route("", methods=("GET",))
@roles_required("grid_member")
def member_list():
    """The disputes of the member's grids with their next session (no personal data)."""
    rows = _visible_rows(connection(), _viewer(), None)
    return jsonify(disputes=_plain(rows), now=now().isoformat())


@member_bp.route("", methods=("POST",))
@roles_required("grid_member")
def member_record():
    """A dispute found on patrol (排查): ``{"lon", "lat", "type", "parties": [...], "description",
    "people_involved", "amount", "campaign", "category"}`` (category: 矛盾纠纷 by default); the field report
    and the dispute, or neither."""
    body = _body('{"lon", "lat", "type", "parties": [...], "description", "people_involved", "amount"}')
    person = g.account["person_id"]
    if person is None:
        raise ApiError(403, "forbidden", "this grid member's account is not linked to a person")
    lon, lat = _number(body, "lon"), _number(body, "lat")
    texts = {name: body_text(body, name, maximum) for name, maximum in
             (("type", limits.CATEGORY), ("description", limits.DESCRIPTION), ("category", limits.CATEGORY))}
    recorded = screening.record_screened(
        connection(), person_id=person, lon=lon, lat=lat, type=texts["type"], parties=body.get("parties"),
        description=texts["description"], people_involved=body.get("people_involved"),
        amount=body.get("amount"), campaign=body.get("campaign"),
        category=texts["category"] or screening.DISPUTE_CATEGORY, now=now())
    try:
        return jsonify(_shown(connection(), recorded["id"], _viewer())), 201
    except ApiError as error:        # placed in another member's grid: recorded, but not this member's to read
        if error.status != 403:
            raise
        return jsonify(id=recorded["id"], stage=recorded["stage"], grid_code=recorded["grid_code"], visible=False), 201


# ---- the steps -----------------------------------------------------------------------------------


def _step(dispute_id, name, write):
    """Take step ``name`` with ``write(conn, by, now)`` if the account may, and answer the dispute after.
    An illegal step is a 409 naming the stage and the steps allowed; so is a dispute changed since the
    ``version`` the page sent (another desk moved it on)."""
    conn, viewer = connection(), _viewer()
    version = _version(request.get_json(silent=True) or {})
    found = _seen(conn, dispute_id, viewer)
    mine = _my_steps(found, viewer)
    if name not in mine:
        raise ApiError(403, "step_refused", f"your role does not take the step {name} on this dispute",
                       step=name, allowed=mine)
    if version is not None and version != found["version"]:
        raise ApiError(409, "dispute_conflict", f"dispute {dispute_id} changed since version {version}: it is "
                       f"{found['stage']} ({chain.STAGE_LABELS[found['stage']]}) at version {found['version']}",
                       stage=found["stage"], version=found["version"], allowed=chain.allowed_steps(found["stage"]))
    try:
        write(conn, g.account["person_id"], now())
    except IllegalDisputeStep as error:
        stage = error.context.get("stage")
        raise ApiError(409, error.code, error.message, stage=stage, step=name,
                       allowed=chain.allowed_steps(stage)) from None
    return jsonify(_shown(conn, dispute_id, viewer))


def _my_steps(dispute, viewer):
    """The steps of the page this account takes on ``dispute`` (whatever its stage allows now)."""
    if viewer.person_id is None:                  # an account not linked to a person reads only
        return []
    if viewer.role in ACTORS and _in_area(dispute, viewer):
        return list(PAGE_STEPS)
    if viewer.mediator_id is not None and viewer.mediator_id in _mediator_ids(dispute):
        return list(MEDIATOR_STEPS)
    return []


# ---- what the account sees -----------------------------------------------------------------------


def _viewer():
    return parties.viewer_for_account(connection(), g.account)


def _seen(conn, dispute_id, viewer):
    """The dispute (unmasked facts, parties as ``viewer`` sees them) if the account sees it; else 403/404."""
    try:
        found = records.get_dispute(conn, dispute_id, viewer=viewer, now=now())
    except Exception as error:
        if getattr(error, "code", None) == "dispute":
            raise ApiError(404, "not_found", f"no dispute {dispute_id}", dispute=dispute_id) from None
        raise
    if parties.access(_access_row(found), viewer) is None:
        raise ApiError(403, "out_of_scope", f"dispute {dispute_id} is outside what you see", dispute=dispute_id)
    return found


def _shown(conn, dispute_id, viewer):
    """One dispute as the page shows it: personal data as the rule allows, texts with phone and ID numbers
    masked, the steps this account may take now."""
    found = _seen(conn, dispute_id, viewer)
    mine = _my_steps(found, viewer)
    shown = {k: v for k, v in found.items() if k not in ("handler_person_id", "co_handler_ids", "building_code")}
    for key in ("title", "address", "summary"):
        shown[key] = mask_phones_in(found.get(key))
    shown["history"] = [{**e, "note": mask_phones_in(e.get("note"))} for e in found["history"]]
    shown["risk_rule_level"] = found["risk_computed"]
    shown["steps"] = [s for s in found["allowed_steps"] if s in mine]
    shown["can_act"] = bool(mine)
    return _plain(shown)


def _access_row(dispute):
    """What :func:`grids.disputes.parties.access` decides on, from a dispute of ``get_dispute``."""
    return {"cell_code": _cell(dispute), "handler_person_id": dispute.get("handler_person_id"),
            "co_handler_ids": dispute.get("co_handler_ids"), "mediator_ids": _mediator_ids(dispute)}


def _mediator_ids(dispute):
    return [m["id"] for m in dispute.get("mediators") or []] + \
        [t["mediator_id"] for t in dispute.get("team") or [] if t.get("mediator_id")]


def _cell(row):
    return row.get("grid_code") or row.get("community_code") or row.get("street_code") or row.get("district_code")


def _in_area(dispute, viewer):
    access = parties.access({**_access_row(dispute), "mediator_ids": [], "handler_person_id": None,
                             "co_handler_ids": None}, viewer)
    return access is not None


def _visible_rows(conn, viewer, risks, stages=None, within=None):
    """The list rows the account sees: its area's (each scope root), a department's own cases, a
    mediator's disputes (of ``stages``, under the cell ``within`` when given); at most :data:`LISTED`."""
    found = {}
    if viewer.role in parties.WHOLE_DISTRICT:
        roots = [None]
    elif viewer.role in parties.AREA_ROLES:
        roots = list(viewer.scope)
    else:
        roots = []
    for root in _narrowed(roots, within):
        for row in records.list_disputes(conn, within=root, stages=stages, risks=risks, now=now(), limit=LISTED):
            found[row["id"]] = row
    if viewer.role == "department" and viewer.person_id is not None:
        for row in records.list_disputes(conn, within=within, stages=stages, risks=risks, now=now(), limit=LISTED):
            case = loop.get_case(conn, row["id"])
            if viewer.person_id == case["handler_person_id"] or viewer.person_id in (case["co_handler_ids"] or []):
                found[row["id"]] = row
    if viewer.mediator_id is not None:
        for row in records.list_disputes(conn, within=within, stages=stages, risks=risks,
                                         mediator=viewer.mediator_id, now=now(), limit=LISTED):
            found[row["id"]] = row
    return sorted(found.values(), key=lambda r: (r["received_at"], r["id"]), reverse=True)[:LISTED]


def _narrowed(roots, within):
    """The scope ``roots`` (None: the whole district) narrowed to the cell ``within``: the inner of each
    nested pair; a root apart from ``within`` is dropped (a ``within`` outside the area finds nothing)."""
    if within is None:
        return roots
    return [within if root is None or within.startswith(root) else root
            for root in roots if root is None or within.startswith(root) or root.startswith(within)]


# ---- request parsing and the answer's values ------------------------------------------------------


def _body(hint):
    return json_object(f"send a JSON object: {hint}")


def _list(body, name, required=True):
    value = body.get(name)
    if value is None or value == "" or value == []:
        if required:
            raise bad_parameter(name, f"`{name}` is required: a list")
        return []
    if isinstance(value, str) and len(value) <= limits.NAME:
        value = [value]
    if (not isinstance(value, list) or len(value) > limits.ATTENDEES
            or not all(isinstance(v, (str, int, dict)) and not isinstance(v, bool) and len(str(v)) <= limits.NOTE
                       for v in value)):
        raise bad_parameter(name, f"`{name}` must be a list of at most {limits.ATTENDEES} names or codes")
    return value


def _version(body):
    value = body.get("version") if isinstance(body, dict) else None
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limits.ID_MAX:
        raise bad_parameter("version", "`version` must be the dispute's version the page showed (a whole number)")
    return value


def _flag(body, name):
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise bad_parameter(name, f"`{name}` must be true or false")
    return value


def _number(body, name):
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad_parameter(name, f"`{name}` is required: WGS 84 degrees (a number)")
    return float(value)


def _choices(name, allowed):
    """A comma-separated list of values of ``allowed`` (None when absent)."""
    values = [v.strip() for v in (request.args.get(name) or "").split(",") if v.strip()]
    if any(v not in allowed for v in values):
        raise bad_parameter(name, f"`{name}` must be a comma-separated list of {', '.join(allowed)}")
    return values or None


def _text_arg(name, maximum):
    value = (request.args.get(name) or "").strip() or None
    if value is not None and len(value) > maximum:
        raise bad_parameter(name, f"`{name}` has more than {maximum} characters")
    return value


def _date_arg(name):
    """The query parameter ``name`` (YYYY-MM-DD) as the start of that day in Asia/Shanghai."""
    day = date_arg(name)
    return None if day is None else dt.datetime.combine(day, dt.time(), tzinfo=clock.SHANGHAI)


def _plain(value):
    """``value`` with times in ISO 8601 (Asia/Shanghai), dates ISO, amounts as numbers: JSON as the page reads it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.astimezone(clock.SHANGHAI).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


__all__ = ["bp", "member_bp", "whole_number"]
