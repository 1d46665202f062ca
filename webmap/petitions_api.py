"""The petition office's JSON API (``/api/v1/petitions``, issue 17): petition matters (register, the steps
of the 2022 信访工作条例), the first proxy agent, call–response and the citizen's satisfaction with the
proxy, the backlog register with its leaders' weekly consultations and closing-off, the reception-day
calendar with the matters brought to a day and their outcome, citizens' suggestions, and what the command
map shows — the petition indicators of a window and cell, skip-level visits per cell of origin, open backlog
matters with their owning leader, the next reception day.

What ``/petitions`` (:mod:`webmap.petitions`) reads and writes; ``docs/petitions.md`` ("Pages and API") is
its contract. Each view parses its request, calls :mod:`grids.petitions` (or the read-only map queries of
:mod:`grids.mapview.petition_layers`) and answers JSON.

Who (no role of its own — see docs/petitions.md, "Roles"): the petition office's officers are staff of the
command centre (the district's 信访局 desk, ``command_staff``), of a street (its 信访办, ``street_staff``)
and administrators linked to a person (:data:`OFFICERS`): they register and act on the matters of their
area and see petitioners' names and phones. Community staff (:data:`READERS`) read their community's
matters with petitioners masked (张**, 139****5678). Grid members, departments and planners get 403.
An ID number is never whole in any answer (first 6 + last 4). A proxy agent's response is given by the
account linked (by its person) to an agent of the level called.

Errors: bad input is a 400 naming the field (the domain's ``petition`` code with ``field``, or
``bad_parameter``), nothing written; a step the matter's stage does not allow is a 409
``illegal_petition_step`` naming the steps allowed; so is acting on a backlog entry closed off, a call
answered already, a matter taken on already, a proxy rated already, a matter brought to a day already or
its outcome recorded already (409 ``illegal_petition_work_step``). POSTs need the CSRF token.
"""
import datetime as dt
import decimal
import secrets

from flask import Blueprint, g, jsonify, request

from grids import clock, limits
from grids.mapview import petition_layers
from grids.people.accounts import in_scope
from grids.petitions import backlog, kpi, matters, proxies, reception, steps, suggestions, work_kpi
from grids.privacy import mask_id_number, mask_phones_in
from webmap.auth import refuse_unless_signed_in, roles_required
from webmap.db import connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import CELL_CODE, body_text, choice_arg, date_arg, is_whole_number, json_object, now, today

bp = Blueprint("petitions_api", __name__, url_prefix="/api/v1/petitions")

OFFICERS = ("command_staff", "street_staff", "admin")      # act; petitioners' names and phones in full
READERS = (*OFFICERS, "community_staff")                    # read their area, petitioners masked
WHOLE_DISTRICT = ("command_staff", "admin")                 # see unplaced matters too
STEPS = ("accept", "not_accept", "extend", "handle", "request_review", "review", "request_rereview", "rereview")
MAP_LEVELS = petition_layers.CELL_LEVELS
LISTED = 500


@bp.before_request
def signed_in():
    refuse_unless_signed_in()


# ---- matters --------------------------------------------------------------------------------------


@bp.route("")
@roles_required(*READERS)
def matter_list():
    """The matters of the account's area, newest first (``stage`` filters; ``counts`` per stage before
    it); no personal data."""
    stage = choice_arg("stage", steps.STAGES)
    rows = _visible_matters(connection())
    counts = {s: sum(r["stage"] == s for r in rows) for s in steps.STAGES}
    if stage:
        rows = [r for r in rows if r["stage"] == stage]
    return jsonify(matters=_plain(rows), counts=counts, total=len(rows), today=today().isoformat())


@bp.route("", methods=("POST",))
@roles_required(*OFFICERS)
def register():
    """登记: ``{"form", "petitioners": [{"name", "phone", "id_number"}], "handling_body", "category",
    "cell", "address", "title", "summary", "source_ref"}`` on a new petition case (its ticket generated
    when not given); 201 with the matter and ``repeat`` (the earlier matter found, or null)."""
    body = _body('{"form", "petitioners": [{"name", "phone", "id_number"}], "handling_body", "category", '
                 '"cell", "address", "title", "summary"}')
    conn, person = connection(), _person()
    cell = _text(body, "cell", limits.CATEGORY)
    if cell is not None:
        if not CELL_CODE.match(cell):
            raise bad_parameter("cell", "`cell` must be a cell code (6 to 20 digits)")
        if not in_scope(cell, g.scope):
            raise ApiError(403, "out_of_scope", f"cell {cell} is outside your area", field="cell", cell=cell)
    elif g.account["role"] not in WHOLE_DISTRICT:
        raise bad_parameter("cell", "`cell` is required: the cell of your area the matter comes from")
    petitioners = body.get("petitioners")
    if not isinstance(petitioners, list) or not petitioners:
        raise bad_parameter("petitioners", "`petitioners` is required: a list of {name, phone, id_number}")
    source_ref = _text(body, "source_ref", limits.TICKET) or _new_ref()
    new_case = {"source_ref": source_ref, "category": _text(body, "category", limits.CATEGORY), "cell": cell,
                "title": _text(body, "title", limits.TITLE), "description": _text(body, "summary", limits.DESCRIPTION),
                "address": _text(body, "address", limits.ADDRESS)}
    found = matters.register(conn, form=body.get("form"), petitioners=petitioners,
                             handling_body=body.get("handling_body"), summary=body.get("summary"),
                             new_case=new_case, by=person, now=now())
    return jsonify(_shown(conn, found["id"])), 201


@bp.route("/<int:matter_id>")
@roles_required(*READERS)
def one(matter_id):
    return jsonify(_shown(connection(), matter_id))


@bp.route("/<int:matter_id>/steps/<name>", methods=("POST",))
@roles_required(*OFFICERS)
def step(matter_id, name):
    """One step of the 条例: ``accept`` {on, note}, ``not_accept`` {reason, on}, ``extend`` {days, reason, on},
    ``handle`` {opinion, satisfaction, on}, ``request_review`` / ``request_rereview`` {on, note}, ``review`` /
    ``rereview`` {opinion, satisfaction, on}. Answers the matter after."""
    if name not in STEPS:
        raise ApiError(404, "not_found", f"no step {name}; steps: {', '.join(STEPS)}", step=name)
    body = _body('{"on": "YYYY-MM-DD", ...the step\'s fields}')
    conn = connection()
    _seen(conn, matter_id)
    person, when = _person(), now()
    on = body.get("on") or None
    if name in ("accept", "request_review", "request_rereview"):
        getattr(matters, name)(conn, matter_id, on=on, note=body.get("note"), by=person, now=when)
    elif name == "not_accept":
        matters.not_accept(conn, matter_id, reason=body.get("reason"), on=on, by=person, now=when)
    elif name == "extend":
        matters.extend(conn, matter_id, days=body.get("days"), reason=body.get("reason"), on=on, by=person, now=when)
    else:
        getattr(matters, name)(conn, matter_id, opinion=body.get("opinion"),
                               satisfaction=body.get("satisfaction") or None, on=on, by=person, now=when)
    return jsonify(_shown(conn, matter_id))


# ---- proxy agents and call–response ---------------------------------------------------------------


@bp.route("/agents")
@roles_required(*READERS)
def agent_list():
    """The proxy agents (no phone), from the city down, and ``mine``: the agents linked to this account."""
    conn = connection()
    rows = proxies.list_agents(conn)
    return jsonify(agents=_plain([{k: r[k] for k in ("id", "code", "name", "level", "area_code", "active",
                                                      "matters_taken", "calls_waiting")} for r in rows]),
                   mine=[a["id"] for a in _my_agents(conn, rows)])


@bp.route("/<int:matter_id>/proxy", methods=("POST",))
@roles_required(*OFFICERS)
def take(matter_id):
    """首办代理: ``{"agent"}`` (default: the account's own agent serving the matter's area) takes it on."""
    body = _body('{"agent": code or id (default: yours)}')
    conn = connection()
    _seen(conn, matter_id)
    if proxies.assignment(conn, matter_id):
        raise _work_conflict(f"matter {matter_id} has its first proxy agent already", field="case")
    agent = body.get("agent") or _own_agent(conn, matter_id)
    proxies.take(conn, matter_id, agent=agent, by=_person(), now=now())
    return jsonify(_shown(conn, matter_id))


@bp.route("/<int:matter_id>/calls", methods=("POST",))
@roles_required(*OFFICERS)
def call(matter_id):
    """呼叫: ``{"reason", "due_hours", "to_agent", "from_agent"}`` — the first agent (default) calls the level above."""
    body = _body('{"reason", "due_hours": 24, "to_agent", "from_agent"}')
    conn = connection()
    _seen(conn, matter_id)
    taken = proxies.assignment(conn, matter_id)
    from_agent = body.get("from_agent") or (taken["agent_id"] if taken else None)
    proxies.call(conn, matter_id, from_agent=from_agent or "", reason=body.get("reason"),
                 to_agent=body.get("to_agent") or None, due_hours=body.get("due_hours"), by=_person(), now=now())
    return jsonify(_shown(conn, matter_id)), 201


@bp.route("/<int:matter_id>/proxy/rating", methods=("POST",))
@roles_required(*OFFICERS)
def proxy_rating(matter_id):
    """代理满意度: ``{"satisfaction": "satisfied" | "basically_satisfied" | "dissatisfied"}`` — the citizen's
    satisfaction with the proxy of a matter taken on, answered once."""
    body = _body('{"satisfaction": "satisfied" | "basically_satisfied" | "dissatisfied"}')
    satisfaction = _choice(body, "satisfaction", proxies.SATISFACTION)
    conn = connection()
    _seen(conn, matter_id)
    taken = proxies.assignment(conn, matter_id)
    if taken is None:
        raise _work_conflict(f"matter {matter_id} has no proxy agent: nothing to rate", field="case")
    if taken["satisfaction"]:
        raise _work_conflict(f"the proxy of matter {matter_id} was rated already ({taken['satisfaction']})",
                             field="satisfaction", satisfaction=taken["satisfaction"])
    proxies.rate(conn, matter_id, satisfaction=satisfaction, by=_person(), now=now())
    return jsonify(_shown(conn, matter_id))


@bp.route("/calls")
@roles_required(*READERS)
def call_list():
    """The calls waiting for an agent linked to this account (``mine``) and, for the area's matters, all
    calls with their lateness (``waiting=1``: only unanswered)."""
    conn = connection()
    waiting = request.args.get("waiting") in ("1", "true")
    mine = _my_agents(conn, proxies.list_agents(conn))
    rows = proxies.list_calls(conn, waiting_only=waiting, now=now(), limit=LISTED)
    visible = {r["id"] for r in _visible_matters(conn)}
    for_me = [r for r in rows if any(_callee(r, a) for a in mine)]
    return jsonify(calls=_plain([r for r in rows if r["incident_id"] in visible]), for_me=_plain(for_me))


@bp.route("/calls/<int:call_id>/respond", methods=("POST",))
@roles_required(*READERS)
def respond(call_id):
    """响应: ``{"note"}`` — answered as the account's agent of the level called."""
    body = _body('{"note"}')
    conn = connection()
    found = proxies.get_call(conn, call_id, now=now())
    if found["responded_at"] is not None:
        raise _work_conflict(f"call {call_id} was answered already", field="call")
    mine = [a for a in _my_agents(conn, proxies.list_agents(conn)) if _callee(found, a)]
    if not mine:
        raise ApiError(403, "not_the_callee", f"call {call_id} went to the {found['to_level']} level "
                       f"({found['to_area_code']}): no proxy agent of it is linked to your account", call=call_id)
    answered = proxies.respond(conn, call_id, agent=mine[0]["id"], note=body.get("note"), by=_person(), now=now())
    return jsonify(call=_plain(answered))


# ---- the backlog register ---------------------------------------------------------------------------


@bp.route("/backlog")
@roles_required(*READERS)
def backlog_list():
    """The register of the account's area (``status`` open / closed_off), oldest first."""
    status = choice_arg("status", backlog.STATUSES)
    return jsonify(backlog=_plain(_visible_backlog(connection(), status)))


@bp.route("/<int:matter_id>/backlog", methods=("POST",))
@roles_required(*OFFICERS)
def backlog_add(matter_id):
    """On the register: ``{"why": "named" | "overdue", "reason", "leader_name", "leader_post", "task_force"}``."""
    body = _body('{"why", "reason", "leader_name", "leader_post", "task_force": [names]}')
    conn = connection()
    _seen(conn, matter_id)
    if any(b["incident_id"] == matter_id for b in backlog.list_backlog(conn, status="open", limit=LISTED)):
        raise _work_conflict(f"matter {matter_id} is on the backlog register already", field="case")
    entry = backlog.register(conn, matter_id, why=body.get("why") or "named", leader_post=body.get("leader_post"),
                             leader_name=body.get("leader_name"), task_force=body.get("task_force"),
                             reason=body.get("reason"), by=_person(), now=now())
    return jsonify(backlog=_plain(entry)), 201


@bp.route("/backlog/<int:backlog_id>")
@roles_required(*READERS)
def backlog_one(backlog_id):
    return jsonify(backlog=_plain(_seen_backlog(connection(), backlog_id)))


@bp.route("/backlog/<int:backlog_id>/consultations", methods=("POST",))
@roles_required(*OFFICERS)
def consult(backlog_id):
    """周会商: ``{"held_on", "attendees": [names], "decisions"}``."""
    body = _body('{"held_on": "YYYY-MM-DD", "attendees": [names], "decisions"}')
    conn = connection()
    _open_backlog(conn, backlog_id, "record a consultation on")
    entry = backlog.consult(conn, backlog_id, held_on=body.get("held_on") or today().isoformat(),
                            attendees=body.get("attendees"), decisions=body.get("decisions"), by=_person(), now=now())
    return jsonify(backlog=_plain(entry)), 201


@bp.route("/backlog/<int:backlog_id>/close_off", methods=("POST",))
@roles_required(*OFFICERS)
def close_off(backlog_id):
    """销号: ``{"evidence", "on"}`` (refused, field ``consultations``, before a weekly consultation)."""
    body = _body('{"evidence", "on": "YYYY-MM-DD"}')
    conn = connection()
    _open_backlog(conn, backlog_id, "close off")
    entry = backlog.close_off(conn, backlog_id, evidence=body.get("evidence"), on=body.get("on") or None,
                              by=_person(), now=now())
    return jsonify(backlog=_plain(entry))


# ---- reception days and suggestions ------------------------------------------------------------------


@bp.route("/reception/next")
@roles_required(*READERS)
def reception_next():
    """The next reception day from today (the app's clock) with its topic and lead departments, or null."""
    return jsonify(day=_plain(reception.next_day(connection(), today=today())))


@bp.route("/reception")
@roles_required(*READERS)
def reception_list():
    """The calendar from ``since`` (default today) to ``until`` (default: 12 months on), each day with
    ``brought``: the matters of the account's area brought to it and their outcome (``matters`` and
    ``outcomes`` count those)."""
    since = date_arg("since") or today()
    until = date_arg("until") or since + dt.timedelta(days=366)
    if until < since:
        raise bad_parameter("until", "`until` must not be before `since`")
    conn = connection()
    days = reception.list_days(conn, since=since, until=until, limit=LISTED)
    visible = {r["id"]: r for r in _visible_matters(conn)} if any(d["matters"] for d in days) else {}
    return jsonify(days=_plain([_day_shown(conn, d, visible) for d in days]))


@bp.route("/reception/<int:day_id>/matters", methods=("POST",))
@roles_required(*OFFICERS)
def reception_bring(day_id):
    """带到接访日: ``{"matter_id"}`` — a matter of the account's area brought to reception day ``day_id``;
    201 with the day."""
    body = _body('{"matter_id": the petition matter\'s id}')
    matter_id = _matter_id(body)
    conn = connection()
    found = _reception_day(conn, day_id)
    _seen(conn, matter_id)
    if any(b["incident_id"] == matter_id for b in found["brought"]):
        raise _work_conflict(f"matter {matter_id} was brought to reception day {day_id} already", field="matter_id")
    reception.bring(conn, day_id, matter_id, by=_person(), now=now())
    return jsonify(day=_plain(_day_shown(conn, _reception_day(conn, day_id)))), 201


@bp.route("/reception/<int:day_id>/matters/<int:matter_id>/outcome", methods=("POST",))
@roles_required(*OFFICERS)
def reception_outcome(day_id, matter_id):
    """The outcome of a matter brought to the day: ``{"outcome": "resolved_on_the_spot" | "assigned" |
    "explained" | "referred", "note"}`` (当场解决, 交办, 解释说明, 转办), written once."""
    body = _body('{"outcome": "resolved_on_the_spot" | "assigned" | "explained" | "referred", "note"}')
    outcome = _choice(body, "outcome", reception.OUTCOMES)
    note = body_text(body, "note", limits.NOTE)
    conn = connection()
    found = _reception_day(conn, day_id)
    _seen(conn, matter_id)
    brought = [b for b in found["brought"] if b["incident_id"] == matter_id]
    if not brought:
        raise _work_conflict(f"matter {matter_id} was not brought to reception day {day_id}", field="matter_id")
    if brought[0]["outcome"]:
        raise _work_conflict(f"matter {matter_id} has its outcome of reception day {day_id} already "
                             f"({brought[0]['outcome']})", field="outcome", outcome=brought[0]["outcome"])
    reception.record_outcome(conn, day_id, matter_id, outcome=outcome, note=note, by=_person(), now=now())
    return jsonify(day=_plain(_day_shown(conn, _reception_day(conn, day_id))))


@bp.route("/suggestions")
@roles_required(*READERS)
def suggestion_list():
    """Suggestions (``status``), newest first, submitters masked; ``rates``: adoption per campaign and overall."""
    status = choice_arg("status", suggestions.STATUSES)
    conn = connection()
    rows = suggestions.list_suggestions(conn, status=status, limit=LISTED)
    return jsonify(suggestions=_plain(rows), rates=_plain(suggestions.adoption_rates(conn)))


@bp.route("/suggestions/<int:suggestion_id>/review", methods=("POST",))
@roles_required(*OFFICERS)
def suggestion_review(suggestion_id):
    body = _body('{"result": "refer" | "decline", "department", "note"}')
    conn = connection()
    suggestions.review(conn, suggestion_id, result=body.get("result"), department=body.get("department"),
                       note=body.get("note"), by=_person(), now=now())
    return jsonify(suggestion=_plain(suggestions.get_suggestion(conn, suggestion_id)))


@bp.route("/suggestions/<int:suggestion_id>/adopt", methods=("POST",))
@roles_required(*OFFICERS)
def suggestion_adopt(suggestion_id):
    """采纳: ``{"action_taken", "department"}`` of a reviewed suggestion."""
    body = _body('{"action_taken", "department"}')
    conn = connection()
    found = suggestions.get_suggestion(conn, suggestion_id)
    if found["status"] != "reviewed":
        raise _work_conflict(f"suggestion {suggestion_id} is {found['status']}: only a reviewed one is adopted",
                             field="suggestion", suggestion_status=found["status"])
    suggestions.adopt(conn, suggestion_id, action_taken=body.get("action_taken"),
                      department=body.get("department") or None, by=_person(), now=now())
    return jsonify(suggestion=_plain(suggestions.get_suggestion(conn, suggestion_id)))


# ---- the command map ----------------------------------------------------------------------------------


@bp.route("/kpis")
@roles_required(*READERS)
def kpis():
    """The petition indicators of the days [``since``, ``until``) under cell ``within`` (default: the
    account's area): the four key indicators and first-petition rates of :mod:`grids.petitions.kpi`
    (summed over the months the window touches) and the work indicators of :mod:`grids.petitions.work_kpi`."""
    within = _within()
    since = date_arg("since") or today().replace(day=1)
    until = date_arg("until") or today() + dt.timedelta(days=1)
    if until <= since:
        raise bad_parameter("until", "`until` must be after `since`")
    conn = connection()
    rows = kpi.indicators(conn, start=since, end=until - dt.timedelta(days=1), level="district", within=within,
                          as_of=now())
    counts = {k: sum(r[k] for r in rows) for k in kpi.COUNTS}
    work = work_kpi.work_kpis(conn, since=since, until=until, within=within, now=now())
    return jsonify(_plain({
        "within": within, "since": since, "until": until, **counts,
        "first_share": rate(counts["first"], counts["total"]),
        "first_satisfaction": rate(counts["first_satisfied"], counts["first_rated"]),
        "first_to_repeat": rate(counts["first_turned_repeat"], counts["first"]),
        "clearance_rate": work["backlog"]["clearance_rate"], "backlog": work["backlog"],
        "proxy_rate": work["proxy"]["proxy_rate"], "proxy": work["proxy"],
        "call_on_time_rate": work["calls"]["on_time_rate"], "calls": work["calls"],
        "adoption_rate": work["suggestions"]["adoption_rate"],
        "suggestions": {k: work["suggestions"][k] for k in ("received", "adopted")}}))


@bp.route("/map/skip_level")
@roles_required(*READERS)
def skip_level_map():
    """Skip-level visits of [``since``, ``until``) per origin cell at ``level`` (default community) under
    ``within`` (default: the account's area) as GeoJSON points with the counts per level."""
    within = _within()
    level = choice_arg("level", MAP_LEVELS) or "community"
    since = date_arg("since") or today() - dt.timedelta(days=365)
    until = date_arg("until") or today() + dt.timedelta(days=1)
    rows = petition_layers.skip_level_cells(connection(), since=since, until=until, level=level, within=within)
    return jsonify(_plain({"type": "FeatureCollection", "level": level, "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
         "properties": {k: r[k] for k in ("code", "name", "city", "province", "beijing", "total")}}
        for r in rows]}))


@bp.route("/map/backlog")
@roles_required(*READERS)
def backlog_map():
    """The open backlog matters under ``within`` (default: the account's area) as GeoJSON points with
    their owning leader; no petitioner."""
    within = _within()
    rows = petition_layers.backlog_points(connection(), within=within)
    keys = ("id", "incident_id", "source_ref", "category", "leader_name", "leader_post", "why", "registered_at",
            "consultations", "last_consulted_on")
    return jsonify(_plain({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
         "properties": {k: r[k] for k in keys}} for r in rows]}))


# ---- what the account sees ----------------------------------------------------------------------------


def _finest(row):
    return (row.get("microgrid_code") or row.get("grid_code") or row.get("community_code")
            or row.get("street_code") or row.get("district_code"))


def _sees(cell):
    if g.account["role"] in WHOLE_DISTRICT and cell is None:
        return True
    return cell is not None and in_scope(cell, g.scope)


def _roots():
    return [None] if g.account["role"] in WHOLE_DISTRICT else list(g.scope)


def _visible_matters(conn):
    found = {}
    for root in _roots():
        for row in matters.list_matters(conn, within=root, limit=LISTED):
            found[row["id"]] = row
    return sorted(found.values(), key=lambda r: (r["registered_on"], r["id"]), reverse=True)[:LISTED]


def _visible_backlog(conn, status=None):
    found = {}
    for root in _roots():
        for row in backlog.list_backlog(conn, status=status, within=root, limit=LISTED):
            found[row["id"]] = row
    return sorted(found.values(), key=lambda r: (r["registered_at"], r["id"]))


def _within():
    """``within`` (a cell of the account's area), default the account's one root (the whole district: none)."""
    within = (request.args.get("within") or "").strip() or None
    if within is None:
        if g.account["role"] in WHOLE_DISTRICT:
            return None
        if len(g.scope) != 1:
            raise bad_parameter("within", "`within` is the code of a cell of your area")
        return g.scope[0]
    if not CELL_CODE.match(within):
        raise bad_parameter("within", "`within` must be a cell code (6 to 20 digits)")
    if not in_scope(within, g.scope):
        raise ApiError(403, "out_of_scope", f"cell {within} is outside your area", cell=within)
    return within


def _seen(conn, matter_id):
    try:
        found = matters.get_matter(conn, matter_id, now=now())
    except Exception as error:
        if getattr(error, "code", None) == "petition":
            raise ApiError(404, "not_found", f"no petition matter {matter_id}", matter=matter_id) from None
        raise
    if not _sees(_finest(found)):
        raise ApiError(403, "out_of_scope", f"petition matter {matter_id} is outside your area", matter=matter_id)
    return found


def _reception_day(conn, day_id):
    try:
        return reception.get_day(conn, day_id)
    except Exception as error:
        if getattr(error, "code", None) == "petition_work":
            raise ApiError(404, "not_found", f"no reception day {day_id}", day=day_id) from None
        raise


def _day_shown(conn, day, visible=None):
    """A reception day with ``brought``: its matters the account sees (ticket, stage, outcome, note
    with phones masked), and ``matters`` / ``outcomes`` counting those."""
    if visible is None:
        visible = {r["id"]: r for r in _visible_matters(conn)}
    brought = day["brought"] if "brought" in day else (
        reception.get_day(conn, day["id"])["brought"] if day["matters"] else [])
    shown = [{**b, "outcome_note": mask_phones_in(b["outcome_note"]),
              "source_ref": visible[b["incident_id"]]["source_ref"], "stage": visible[b["incident_id"]]["stage"]}
             for b in brought if b["incident_id"] in visible]
    return {**day, "brought": shown, "matters": len(shown), "outcomes": sum(b["outcome"] is not None for b in shown)}


def _seen_backlog(conn, backlog_id):
    entry = backlog.get_backlog(conn, backlog_id)
    if not _sees(_finest(entry)):
        raise ApiError(403, "out_of_scope", f"backlog matter {backlog_id} is outside your area", backlog=backlog_id)
    return entry


def _open_backlog(conn, backlog_id, doing):
    entry = _seen_backlog(conn, backlog_id)
    if entry["status"] != "open":
        raise _work_conflict(f"backlog matter {backlog_id} is closed off: it takes no more steps ({doing})",
                             field="backlog", backlog_status=entry["status"])
    return entry


def _shown(conn, matter_id):
    """One matter as the page shows it: petitioners as the role may see them (never a whole ID number),
    the repeat found (the earlier matter's ticket and day), the proxy, its calls, its backlog entry."""
    found = _seen(conn, matter_id)
    officer = g.account["role"] in OFFICERS
    people = matters.get_matter(conn, matter_id, with_personal_data=officer, now=now())["petitioners"]
    shown = dict(found)
    # officers: names and phones whole, the ID number masked here; others: get_matter's masked rows
    shown["petitioners"] = [{**p, "id_number": mask_id_number(p["id_number"]) if p["id_number"] else None}
                            if officer else p for p in people]
    for key in ("title", "summary", "not_accepted_reason", "extension_reason", "opinion"):
        if key in shown:
            shown[key] = mask_phones_in(shown[key])
    shown["history"] = [{**e, "note": mask_phones_in(e.get("note"))} for e in found["history"]]
    shown["repeat"] = None
    if found["repeat_of"]:
        earlier = matters.get_matter(conn, found["repeat_of"], now=now())
        shown["repeat"] = {"earlier_id": earlier["id"], "earlier_ref": earlier["source_ref"],
                           "earlier_registered_on": earlier["registered_on"], "first_id": found["first_matter_id"],
                           "matched_on": found["repeat_matched_on"], "same_by": found["repeat_same_by"]}
    shown["proxy"] = proxies.assignment(conn, matter_id)
    shown["calls"] = proxies.list_calls(conn, case_id=matter_id, now=now())
    area = found["community_code"] or found["street_code"] or found["district_code"]   # the register filters to communities
    entries = [b for b in backlog.list_backlog(conn, within=area, limit=LISTED) if b["incident_id"] == matter_id]
    shown["backlog"] = backlog.get_backlog(conn, entries[-1]["id"]) if entries else None
    shown["steps"] = list(found["allowed_steps"]) if officer else []
    shown["can_act"] = officer
    return _plain(shown)


def _person():
    person = g.account.get("person_id")
    if person is None:
        raise ApiError(403, "forbidden", "this account is not linked to a person of the roster: it reads only")
    return person


def _my_agents(conn, rows):
    """The agents (of ``rows`` of list_agents) linked to the account's person."""
    person = g.account.get("person_id")
    if person is None:
        return []
    return [a for a in (proxies.find_agent(conn, r["id"]) for r in rows if r["active"]) if a["person_id"] == person]


def _own_agent(conn, matter_id):
    found = matters.get_matter(conn, matter_id, now=now())
    mine = [a for a in _my_agents(conn, proxies.list_agents(conn))
            if proxies.covers(a["level"], a["area_code"], found["community_code"] or found["street_code"]
                              or found["district_code"])]
    if not mine:
        raise bad_parameter("agent", "`agent` is required: no proxy agent serving this matter's area is linked "
                                     "to your account")
    return mine[-1]["id"]            # the finest level (list_agents orders city → village)


def _callee(call_row, agent):
    return ((agent["level"], agent["area_code"]) == (call_row["to_level"], call_row["to_area_code"])
            and call_row["to_agent_id"] in (None, agent["id"]))


def _work_conflict(message, **context):
    return ApiError(409, "illegal_petition_work_step", message, **context)


def _new_ref():
    """A ticket for a matter registered on the page: XF + the day + 6 random hex digits."""
    return f"XF{today():%Y%m%d}-{secrets.token_hex(3).upper()}"


# ---- request parsing and the answer's values ------------------------------------------------------------


def _body(hint):
    return json_object(f"send a JSON object: {hint}")


def _choice(body, name, allowed):
    value = body.get(name)
    if value is None or value == "":
        raise bad_parameter(name, f"`{name}` is required: one of {', '.join(allowed)}")
    if not isinstance(value, str) or value not in allowed:
        raise bad_parameter(name, f"`{name}` must be one of {', '.join(allowed)}")
    return value


def _matter_id(body):
    value = body.get("matter_id")
    if not is_whole_number(value) or value < 1:
        raise bad_parameter("matter_id", "`matter_id` is required: the id of a petition matter (a whole number)")
    return value


def _text(body, name, maximum):
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise bad_parameter(name, f"`{name}` must be text")
    value = value.strip() or None
    if value is not None and len(value) > maximum:
        raise bad_parameter(name, f"`{name}` has more than {maximum} characters")
    return value


def _plain(value):
    """``value`` with times in ISO 8601 (Asia/Shanghai), dates ISO, decimals as numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not k.endswith("_hash")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.astimezone(clock.SHANGHAI).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def rate(part, whole):
    return round(part / whole, 4) if whole else None
