"""The case loop (闭环): the states of a case and the actions that move it.

Concept: every incident is a case. It is reported, accepted (立案) or rejected (不予立案), dispatched to
the responsible grid member or a department (the clock starts), taken in hand, reported back (处理反馈),
then verified and closed (核查结案) or sent back for rework (返工), and finally followed up and rated
(回访: satisfied, basically satisfied, dissatisfied; a dissatisfied rating can reopen it). On the side a
case can be suspended (挂账) and resumed, extended (延期, a new limit), escalated up the cell hierarchy,
urged (催办), put under supervision (督办) or voided (作废); whoever works on an open case can add a
progress note (进展) to its history. The staff workbench adds the centre's own moves: a hotline ticket
answered at intake is closed at once (直接解答); a handler sends a wrongly dispatched case back to the
dispatcher with the reason (退回, counted: a case bounced too often is 循环交办); a dispatch to a
department names a lead (主办) and co-handlers (协办); a grid or community calls departments to a case,
each to report in by a time (吹哨报到); a joint review (联合会诊) is recorded with its date, attendees and
decision. :data:`ACTIONS` is the whole state table; ``docs/cases.md`` draws it.

:func:`act` is the only way a case changes: it locks the case (``FOR UPDATE NOWAIT``: a second session
gets :class:`~grids.errors.CaseConflict` at once), checks the action against the state (an illegal one
raises :class:`~grids.errors.IllegalTransition` naming the case, its state and the action), writes the
new state one version up and appends the event — who, when, from → to, the note — to ``case_event``,
which refuses any UPDATE or DELETE. Times come from the case clock (:mod:`grids.clock`).
"""
import datetime as dt
import json
from dataclasses import dataclass

import psycopg2.errors

from gis.sqlfiles import load
from grids import clock, limits
from grids.cases import escalation, time_limits
from grids.errors import CaseConflict, CaseError, IllegalTransition
from grids.people import roster
from grids.privacy import mask_name, mask_phone, mask_phones_in

RUNNING = ("dispatched", "in_progress", "rework", "extended")      # the clock runs
OPEN = ("reported", "accepted", *RUNNING, "handled", "suspended")
RESOLVED = ("closed", "followed_up")
STATES = (*OPEN, *RESOLVED, "rejected", "void")
RATINGS = ("satisfied", "basically_satisfied", "dissatisfied")
SUPERVISORS = ("command_staff", "admin")
SAME, RESUMED = "(unchanged)", "(state before suspension)"
# An action's time may be ahead of the server's clock by this much (clocks of other machines), no more:
# a case changed "in 2099" would refuse every later action as going back in time. A case already
# changed in the future (recorded before this rule) stays actionable: that time is not held against now.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Action:
    name: str
    label: str          # the Chinese term
    sources: tuple      # states it is allowed in
    target: str         # state it leads to (SAME: none; RESUMED: the state before suspension)


ACTIONS = {a.name: a for a in (
    Action("accept", "立案", ("reported",), "accepted"),
    Action("reject", "不予立案", ("reported",), "rejected"),
    Action("dispatch", "派遣", ("accepted", "dispatched"), "dispatched"),
    Action("start", "开始处理", ("dispatched", "rework"), "in_progress"),
    Action("report", "处理反馈", RUNNING, "handled"),
    Action("verify", "核查结案", ("handled",), "closed"),
    Action("rework", "返工", ("handled",), "rework"),
    Action("rate", "回访评价", ("closed",), "followed_up"),
    Action("reopen", "重新办理", ("followed_up",), "rework"),
    Action("suspend", "挂账", ("accepted", *RUNNING), "suspended"),
    Action("resume", "恢复办理", ("suspended",), RESUMED),
    Action("extend", "延期", RUNNING, "extended"),
    Action("escalate", "上报", RUNNING, "dispatched"),
    Action("urge", "催办", RUNNING, SAME),
    Action("supervise", "督办", (*RUNNING, "suspended"), SAME),
    Action("void", "作废", OPEN, "void"),
    Action("note", "进展", OPEN, SAME),      # a progress note (or photo) from the field; no state change
    Action("answer", "直接解答", ("reported",), "closed"),
    Action("return", "退回", ("dispatched", "in_progress", "rework", "extended"), "accepted"),
    Action("whistle", "吹哨", ("accepted", *RUNNING), SAME),
    Action("report_in", "报到", OPEN, SAME),
    Action("joint_review", "联合会诊", OPEN, SAME),
)}
CASE_COLUMNS = ("handler_person_id", "handler_level", "handler_cell_code", "time_limit_hours",
                "clock_started_at", "deadline", "clock_paused_at", "suspended_from", "urge_count", "urged_at",
                "supervised_at", "supervised_by", "escalation_count", "responded_at", "handled_at",
                "closed_at", "rating", "rated_at")
# columns of later migrations (014 the workbench, 015 working-day limits), which the demo's walk never sets
LATER_COLUMNS = ("co_handler_ids", "return_count", "returned_at", "direct_answer", "limit_workdays")
NOTE_REQUIRED = ("answer", "return", "joint_review")     # the answer given, the reason, the decision
WHISTLE_HOURS = 2.0      # a department called by 吹哨 reports in within this many hours unless told otherwise


@dataclass(frozen=True)
class Request:
    """What an action was asked with (only some actions use each field)."""

    case: dict
    by: dict | None     # the person acting; None: the system
    now: object
    to: str | None = None           # dispatch/escalate: the handler's code or id
    level: str | None = None        # dispatch: grid (default), community, street, district or department
    hours: float | None = None      # extend: the new limit
    rating: str | None = None       # rate
    unstaffed_ok: bool = False      # escalate: proceed without a responsible person (tick)
    co: tuple = ()                  # dispatch to a department: the co-handlers' codes or ids (协办)
    departments: tuple = ()         # whistle, joint_review: the departments' codes or ids
    meeting: dict | None = None     # joint_review: {"at", "attendees", "decision"}
    note: str | None = None


def allowed_actions(state):
    """The actions a case in ``state`` may take."""
    return [name for name, action in ACTIONS.items() if state in action.sources]


def act(conn, case_id, action, by=None, *, now=None, note=None, expected_version=None, to=None, level=None,
        hours=None, rating=None, unstaffed_ok=False, co=(), departments=(), meeting=None):
    """Take ``action`` on case ``case_id`` as person ``by`` (a code or id; None: the system).

    ``expected_version``: the version the caller saw (a form in the web app); a different one raises
    :class:`CaseConflict`. ``co``: the co-handlers of a dispatch to a department; ``departments``: those
    a whistle calls or a joint review gathered; ``meeting``: the joint review's ``at``, ``attendees`` and
    ``decision``. A ``note`` beyond :data:`grids.limits.NOTE` characters or with a NUL is
    refused (:class:`grids.limits.OutOfBounds`) before anything is read. Returns the case's columns after
    the action, with its ``timer``.
    """
    now = clock.resolve(now)
    rule = _rule(case_id, action)
    limits.check_text("note", note, limits.NOTE)
    refuse_future(now, case=case_id)
    actor = roster.find_person(conn, by) if by is not None else None
    case = _locked_case(conn, case_id)
    _check(case, rule, now, expected_version)
    _check_note(case_id, action, note)
    request = Request(case, actor, now, to=to, level=level, hours=hours, rating=rating, unstaffed_ok=unstaffed_ok,
                      co=tuple(co or ()), departments=tuple(departments or ()), meeting=meeting, note=note)
    changes = _EFFECTS.get(action, _nothing)(conn, request)
    return _write(conn, case, rule, next_state(case, rule), changes, actor, now, note)


def next_state(case, rule):
    """The state ``rule`` (an :class:`Action`) leads ``case`` to: its target, the case's own state
    (SAME) or the state before suspension (RESUMED)."""
    target = case["suspended_from"] if rule.target == RESUMED else rule.target
    return case["status"] if target == SAME else target


def planned_transition(case, action):
    """The state :func:`act` would move ``case`` to with ``action``, checked as :func:`act` checks it, with no
    database: for a caller that replays the loop in memory (the demo year).

    ``case`` needs its ``id``, ``status`` and ``suspended_from``. An unknown action raises
    :class:`~grids.errors.CaseError`, one the case's state does not allow
    :class:`~grids.errors.IllegalTransition`, with the messages :func:`act` gives.

    >>> planned_transition({"id": 1, "status": "suspended", "suspended_from": "in_progress"}, "resume")
    'in_progress'
    """
    rule = _rule(case["id"], action)
    _check_state(case, rule)
    return next_state(case, rule)


def planned_changes(case, action, now, by=None, **request):
    """The columns :func:`act` would set on ``case`` with ``action`` at ``now``, worked out with no database.

    ``by`` is the person acting (a dict with ``id`` and ``role``) or None; ``request`` holds the fields of
    :class:`Request` the action uses (``hours``, ``rating`` …). Refuses what :func:`act` refuses (a rating
    not in :data:`RATINGS`, reopening a case not rated dissatisfied …). Dispatch and escalation look up their
    handler in the database (:func:`grids.cases.escalation.handler_at`): a replay works those out itself.

    >>> planned_changes({"id": 1}, "rate", "2025-03-05 10:00", rating="satisfied")
    {'rating': 'satisfied', 'rated_at': '2025-03-05 10:00'}
    """
    if action in _HANDLER_LOOKUPS:
        raise CaseError(f"{action} looks up its handler in the database: take it through act", case=case["id"],
                        action=action)
    return _EFFECTS.get(action, _nothing)(None, Request(case, by, now, **request))


def _rule(case_id, action):
    if action not in ACTIONS:
        raise CaseError(f"unknown action {action!r}; actions: {', '.join(ACTIONS)}", case=case_id, action=action)
    return ACTIONS[action]


def _locked_case(conn, case_id):
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT case_lock")
        try:
            cur.execute(load("grids.cases", "case_lock"), {"id": case_id})
        except psycopg2.errors.LockNotAvailable:
            cur.execute("ROLLBACK TO SAVEPOINT case_lock")
            raise CaseConflict(f"case {case_id} is being changed by another session; reload it and try again",
                               case=case_id) from None
        row = cur.fetchone()
        case = dict(zip([d[0] for d in cur.description], row)) if row else None
        cur.execute("RELEASE SAVEPOINT case_lock")
    if case is None:
        raise CaseError(f"no case {case_id}", case=case_id)
    return case


def _check_note(case_id, action, note):
    if action in NOTE_REQUIRED and not (note or "").strip():
        raise CaseError(f"{action} ({ACTIONS[action].label}) of case {case_id} needs a note: "
                        + {"answer": "the answer given", "return": "why it is sent back",
                           "joint_review": "the decision"}[action], case=case_id, action=action, field="note")


def _check(case, rule, now, expected_version):
    where = {"case": case["id"], "state": case["status"], "action": rule.name}
    if expected_version is not None and expected_version != case["case_version"]:
        raise CaseConflict(f"case {case['id']} changed since version {expected_version} (now version "
                           f"{case['case_version']}, {case['status']}); reload it and try again", **where)
    _check_state(case, rule)
    if case["case_changed_at"] and now < case["case_changed_at"] <= clock.now() + FUTURE_TOLERANCE:
        raise CaseError(f"case {case['id']} last changed at {case['case_changed_at']:%Y-%m-%d %H:%M:%S%z}, "
                        f"after {now:%Y-%m-%d %H:%M:%S%z}: the case clock cannot go back", **where)


def refuse_future(now, **context):
    """A write of the case loop happens at a time the server's clock has reached (give or take
    :data:`FUTURE_TOLERANCE`); else :class:`CaseError` naming the field ``now``."""
    if now > clock.now() + FUTURE_TOLERANCE:
        raise CaseError(f"the time of the action, {now:%Y-%m-%d %H:%M:%S%z}, is in the future: the case clock "
                        f"may not run ahead of the server's ({clock.now():%Y-%m-%d %H:%M:%S%z})",
                        field="now", **context)


def _check_state(case, rule):
    if case["status"] not in rule.sources:
        allowed = allowed_actions(case["status"])
        raise IllegalTransition(f"case {case['id']} is {case['status']}: cannot {rule.name} ({rule.label}); "
                                f"allowed: {', '.join(allowed) or 'nothing (final state)'}",
                                case=case["id"], state=case["status"], action=rule.name)


def _write(conn, case, rule, target, changes, actor, now, note):
    recorded = changes.pop(EVENT_ONLY, {})      # what the history keeps beside the columns
    row = {**{c: case[c] for c in (*CASE_COLUMNS, *LATER_COLUMNS)}, **changes}
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "case_update"), {**row, "id": case["id"], "status": target, "at": now,
                                                         "case_version": case["case_version"]})
        if cur.rowcount == 0:
            raise CaseConflict(f"case {case['id']} changed while {rule.name} was being written; reload it",
                               case=case["id"], action=rule.name)
        version = cur.fetchone()[0]
        cur.execute(load("grids.cases", "case_event_insert"), {
            "incident_id": case["id"], "version": version, "action": rule.name, "from_state": case["status"],
            "to_state": target, "by_person_id": actor["id"] if actor else None, "at": now, "note": note,
            "details": json.dumps({**changes, **recorded}, ensure_ascii=False, default=str)})
    after = {**case, **row, "status": target, "case_version": version, "case_changed_at": now}
    return {**after, "timer": time_limits.timer(after, now)}


def _dispatch(conn, r):
    handler = escalation.handler_at(conn, r.case, r.level or "grid", r.to)
    handler.update(co_handler_ids=co_handlers(conn, r, handler), returned_at=None)
    if r.case["status"] == "dispatched":      # re-dispatch (改派): the clock goes on
        return handler
    return {**handler, **_clock(r)}


def co_handlers(conn, r, handler):
    """The ids of the co-handling departments (协办) of a dispatch: departments, none of them the lead."""
    if r.co and handler["handler_level"] != "department":
        raise CaseError(f"co-handlers (协办) of case {r.case['id']} join a dispatch to a department, not to "
                        f"the {handler['handler_level']} level", case=r.case["id"], action="dispatch", field="co")
    ids = [_department(conn, r, ref, "co")["id"] for ref in r.co]
    if handler["handler_person_id"] in ids or len(set(ids)) < len(ids):
        raise CaseError(f"the co-handlers of case {r.case['id']} are other departments than the lead, each once",
                        case=r.case["id"], action="dispatch", field="co")
    return ids


def _department(conn, r, ref, field):
    person = roster.find_person(conn, ref)
    if person["role"] != "department":
        raise CaseError(f"{person['code'] or person['id']} ({person['name']}) is not a department",
                        case=r.case["id"], field=field, person=ref)
    return person


def _escalate(conn, r):
    level = escalation.next_level(r.case["handler_level"])
    if level is None:
        raise CaseError(f"case {r.case['id']} is handled at district level, the top; it cannot escalate",
                        case=r.case["id"], state=r.case["status"], action="escalate")
    handler = escalation.handler_at(conn, r.case, level, r.to, unstaffed_ok=r.unstaffed_ok)
    return {**handler, **_clock(r), "escalation_count": r.case["escalation_count"] + 1}


def _extend(conn, r):
    if r.hours is None or r.hours <= float(r.case["time_limit_hours"]):
        raise CaseError(f"an extension of case {r.case['id']} needs a new limit above the current "
                        f"{r.case['time_limit_hours']:g} h", case=r.case["id"], action="extend", hours=r.hours)
    return time_limits.extend_clock(r.case, float(r.hours))


def _rate(conn, r):
    if r.rating not in RATINGS:
        raise CaseError(f"a rating of case {r.case['id']} is one of {', '.join(RATINGS)}",
                        case=r.case["id"], action="rate", rating=r.rating)
    return {"rating": r.rating, "rated_at": r.now}


def _reopen(conn, r):
    if r.case["rating"] != "dissatisfied":
        raise IllegalTransition(f"case {r.case['id']} was rated {r.case['rating']}: only a dissatisfied "
                                "rating reopens a case", case=r.case["id"], state=r.case["status"], action="reopen")
    return {**_clock(r), "closed_at": None}


def _suspend(conn, r):
    return {"suspended_from": r.case["status"], **time_limits.pause_clock(r.case, r.now)}


def _resume(conn, r):
    running = r.case["suspended_from"] in RUNNING
    return {"suspended_from": None, **(time_limits.resume_clock(r.case, r.now) if running else {})}


def _return(conn, r):
    """退回: the handler gives the case back to the dispatcher; the dispatch is undone, its clock with it."""
    return {"handler_person_id": None, "handler_level": None, "handler_cell_code": None, "co_handler_ids": [],
            "time_limit_hours": None, "clock_started_at": None, "deadline": None, "clock_paused_at": None,
            "return_count": r.case["return_count"] + 1, "returned_at": r.now,
            EVENT_ONLY: {"returned_by_level": r.case["handler_level"]}}


def _whistle(conn, r):
    """吹哨: call departments to the case, each to report in within ``hours`` (default :data:`WHISTLE_HOURS`)."""
    if not r.departments:
        raise CaseError(f"a whistle (吹哨) on case {r.case['id']} names the departments it calls",
                        case=r.case["id"], action="whistle", field="departments")
    hours = WHISTLE_HOURS if r.hours is None else float(r.hours)
    if not 0 < hours <= limits.WHISTLE_HOURS_MAX:
        raise CaseError(f"departments report in within 0 to {limits.WHISTLE_HOURS_MAX} hours, not {hours:g}",
                        case=r.case["id"], action="whistle", field="hours")
    called = list({p["id"]: p for p in (_department(conn, r, ref, "departments") for ref in r.departments)}.values())
    due = r.now + dt.timedelta(hours=hours)
    with conn.cursor() as cur:
        cur.executemany(load("grids.cases", "whistle_insert"), [
            {"incident_id": r.case["id"], "department": p["id"], "by": r.by["id"] if r.by else None,
             "at": r.now, "due": due} for p in called])
    return {EVENT_ONLY: {"departments": [p["id"] for p in called], "due_at": due}}


def _report_in(conn, r):
    """报到: a department called by a whistle reports in (its open calls on this case are answered)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "whistle_answer"), {"incident_id": r.case["id"],
                                                            "department": r.by["id"] if r.by else None,
                                                            "at": r.now, "note": r.note})
        answered = [row[0] for row in cur.fetchall()]
    if not answered:
        raise CaseError(f"case {r.case['id']} has no open call (吹哨) to "
                        f"{r.by['name'] if r.by else 'the system'} to report in to",
                        case=r.case["id"], action="report_in")
    return {EVENT_ONLY: {"whistles": answered}}


def _joint_review(conn, r):
    """联合会诊: the meeting's date, attendees and the departments it gathered go into the history."""
    meeting = r.meeting or {}
    if not meeting.get("at") or not meeting.get("attendees") or not r.departments:
        raise CaseError(f"a joint review (联合会诊) of case {r.case['id']} records the meeting's date, its "
                        "attendees and the departments", case=r.case["id"], action="joint_review", field="meeting")
    departments = [_department(conn, r, ref, "departments") for ref in r.departments]
    return {EVENT_ONLY: {"meeting_at": meeting["at"], "attendees": list(meeting["attendees"]),
                         "departments": [p["id"] for p in departments], "decision": r.note}}


def _nothing(conn, r):
    return {}


def _clock(r):
    """A new clock from now: the ticket's own limit, else its category's (else the default)."""
    return time_limits.start_case_clock(r.case, r.now, _limit(r.case))


def _limit(case):
    """The category's limit, ``("hours", h)`` or ``("workdays", n)`` (the ticket's own wins over it)."""
    return time_limits.category_limit(case)


EVENT_ONLY = "_event"       # key of an effect's result: details for the history, not case columns
_HANDLER_LOOKUPS = ("dispatch", "escalate", "whistle", "report_in", "joint_review")   # effects that use the database
_EFFECTS = {
    "accept": lambda conn, r: {"responded_at": r.now},
    "reject": lambda conn, r: {"responded_at": r.now},
    "dispatch": _dispatch,
    "report": lambda conn, r: {"handled_at": r.now, **time_limits.pause_clock(r.case, r.now)},
    "verify": lambda conn, r: {"closed_at": r.now},
    "rework": lambda conn, r: time_limits.resume_clock(r.case, r.now),
    "rate": _rate,
    "reopen": _reopen,
    "suspend": _suspend,
    "resume": _resume,
    "extend": _extend,
    "escalate": _escalate,
    "urge": lambda conn, r: {"urge_count": r.case["urge_count"] + 1, "urged_at": r.now},
    "supervise": lambda conn, r: _supervise(r),
    "void": lambda conn, r: time_limits.pause_clock(r.case, r.now),
    "answer": lambda conn, r: {"responded_at": r.now, "closed_at": r.now, "direct_answer": True},
    "return": _return,
    "whistle": _whistle,
    "report_in": _report_in,
    "joint_review": _joint_review,
}


def _supervise(r):
    if r.by is None or r.by["role"] not in SUPERVISORS:
        raise CaseError(f"supervision (督办) of case {r.case['id']} is ordered by command staff, not by "
                        f"{r.by['role'] if r.by else 'the system'}", case=r.case["id"], action="supervise")
    if r.case["supervised_at"] is not None:
        raise CaseError(f"case {r.case['id']} is already under supervision since {r.case['supervised_at']}",
                        case=r.case["id"], action="supervise")
    return {"supervised_at": r.now, "supervised_by": r.by["id"]}


def get_case(conn, case_id, now=None, with_personal_data=False):
    """A case with its timer at ``now`` and its handler; the reporter, and the phone and ID numbers in
    its title, description and address, masked unless asked for."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "case_get"), {"id": case_id})
        row = cur.fetchone()
        if row is None:
            raise CaseError(f"no case {case_id}", case=case_id)
        case = dict(zip([d[0] for d in cur.description], row))
    if not with_personal_data:
        case["reporter_name"] = mask_name(case["reporter_name"])
        case["reporter_phone"] = mask_phone(case["reporter_phone"])
        case.update({field: mask_phones_in(case[field]) for field in ("title", "description", "address")})
    case["timer"] = time_limits.timer(case, clock.resolve(now))
    case["allowed_actions"] = allowed_actions(case["status"])
    return case


def case_history(conn, case_id):
    """The case's events, oldest first: version, action, from_state, to_state, at, by_*, note, details."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "case_history"), {"id": case_id})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
