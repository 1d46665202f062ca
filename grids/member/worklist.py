"""A grid member's cases: the open cases of their grids, most urgent first, and what they may do to them.

Concept: a grid member (网格员) works from a phone. Their list is every open case placed in their grids
(their account's scope, :mod:`grids.people.accounts`), whoever handles it now, and every open case they handle
wherever it was placed — a case handed over to them when a redrawing moved it into their grid keeps the
grid it was placed in (:mod:`grids.planning.handover`), as does one dispatched to them by name. It is ordered
by **urgency**: red timers first, then yellow, then green, then cases whose clock has not started;
within a colour by the time left (the most overdue first). With the phone's position (WGS 84) each
case carries its geodesic distance.

What a member may do is the case loop's rules (:func:`grids.cases.loop.act`) narrowed to the field's part:

========== ========== ============================================================
action     中文        who
========== ========== ============================================================
start      接单        the case's handler: takes a dispatched (or reworked) case in hand
note       进展        anyone whose grid holds the case: a progress note (a photo comes with one)
report     处理反馈     the handler: reports the case handled (the clock stands)
escalate   申请上报     the handler, with the reason: the case goes one level up the hierarchy
========== ========== ============================================================

A case neither placed in the member's grids nor handled by them is refused with :class:`OutOfScope`
(its data never leaves the store); an action that is not the member's, or the handler's only, with
:class:`MemberActionRefused`; a state that does not allow the action with the case loop's own
:class:`~grids.errors.IllegalTransition`, and a case changed since the version the phone showed with
:class:`~grids.errors.CaseConflict`.
"""
import numpy as np
import pyproj

from gis.errors import GridgovError
from gis.sqlfiles import load
from grids import clock
from grids.cases import loop, photos, time_limits
from grids.errors import NoSuchCase, OutOfScope
from grids.privacy import mask_phones_in

MEMBER_ACTIONS = {"start": "接单", "note": "进展", "report": "处理反馈", "escalate": "申请上报"}
HANDLER_ONLY = ("start", "report", "escalate")
NOTE_REQUIRED = ("note", "escalate")
URGENCY = {"red": 0, "yellow": 1, "green": 2, None: 3}
PHOTO_NOTE = "附现场照片"
_GEOD = pyproj.Geod(ellps="WGS84")


class MemberActionRefused(GridgovError):
    """An action a grid member may not take on this case (``code`` and the message say why): not theirs
    at all or only the handler's (403), or a note missing (400)."""

    code = "member_action_refused"
    STATUS = {"not_a_member_action": 403, "not_your_case": 403, "note_required": 400}

    def __init__(self, message, code, **context):
        super().__init__(message, **context)
        self.code, self.http_status = code, self.STATUS[code]


def case_code(row):
    """The finest cell code a case is placed in (scope is decided on it), or None when unplaced."""
    for level in ("microgrid", "grid", "community", "street", "district"):
        if row.get(f"{level}_code"):
            return row[f"{level}_code"]
    return None


def in_area(row, scope):
    """Whether the case ``row`` lies in one of the ``scope`` roots' subtrees."""
    code = case_code(row)
    return code is not None and any(code.startswith(root) for root in scope)


def holds(row, scope, person_id):
    """Whether the account of ``scope`` and ``person_id`` may see the case ``row``: it lies in the scope,
    or the person handles it."""
    return in_area(row, scope) or (person_id is not None and row["handler_person_id"] == person_id)


def open_cases(conn, scope, person_id, now=None, here=None):
    """The open cases of the grids in ``scope`` and those ``person_id`` handles, most urgent first, as
    :func:`summary` dicts.

    ``here``: the member's position ``(lon, lat)`` in WGS 84 (adds ``distance_m``), or None."""
    now = clock.resolve(now)
    rows = _rows(conn, grids=list(scope), states=list(loop.OPEN), person=person_id)
    cases = [summary(row, person_id, now) for row in rows]
    _add_distances(cases, here)
    return sorted(cases, key=_urgency)


def case_detail(conn, case_id, scope, person_id, now=None, here=None):
    """One case of the member's area with its history (notes included) and its photos' metadata."""
    now = clock.resolve(now)
    case = summary(scoped_case(conn, case_id, scope, person_id), person_id, now)
    _add_distances([case], here)
    history = [{"version": e["version"], "action": e["action"], "from_state": e["from_state"],
                "to_state": e["to_state"], "at": _iso(e["at"]), "note": mask_phones_in(e["note"]),
                "by_name": e["by_name"], "by_role": e["by_role"]} for e in loop.case_history(conn, case_id)]
    pictures = [{**{k: p[k] for k in ("id", "content_type", "size_bytes", "case_version", "uploaded_by_name")},
                 "uploaded_at": _iso(p["uploaded_at"])} for p in photos.photos_of(conn, case_id)]
    return {**case, "history": history, "photos": pictures}


def take_action(conn, case_id, action, *, person_id, scope, now=None, note=None, expected_version=None):
    """Take a member's ``action`` on case ``case_id`` through the case loop; returns the case's summary."""
    now = clock.resolve(now)
    case = scoped_case(conn, case_id, scope, person_id)
    check_member_action(case, action, person_id, note)
    loop.act(conn, case_id, action, person_id, now=now, note=note, expected_version=expected_version)
    return summary(scoped_case(conn, case_id, scope, person_id), person_id, now)


def attach_photo(conn, case_id, data, *, person_id, scope, now=None, name="photo", note=None,
                 expected_version=None):
    """Attach a photo to an open case of the member's area: a progress note (进展) in the history, and
    the photo linked to that note's version. Everything is checked before anything is written."""
    now = clock.resolve(now)
    case = scoped_case(conn, case_id, scope, person_id)
    check_member_action(case, "note", person_id, note or PHOTO_NOTE)
    prepared = photos.prepare_photo(data, name)
    after = loop.act(conn, case_id, "note", person_id, now=now, note=note or PHOTO_NOTE,
                     expected_version=expected_version)
    photo = photos.add_photo(conn, case_id, prepared, by=person_id, at=now, case_version=after["case_version"])
    return {"photo": photo, "case": summary(scoped_case(conn, case_id, scope, person_id), person_id, now)}


def scoped_case(conn, case_id, scope, person_id):
    """The case's row when it lies in ``scope`` or ``person_id`` handles it; :class:`NoSuchCase` when
    there is no such case, :class:`OutOfScope` when it is someone else's (nothing of it is returned)."""
    rows = _rows(conn, case_id=case_id)
    if not rows:
        raise NoSuchCase(f"no case {case_id}", case=case_id)
    if not holds(rows[0], scope, person_id):
        raise OutOfScope(f"case {case_id} lies outside your grids and is not yours", case=case_id)
    return rows[0]


def check_member_action(case, action, person_id, note):
    """Refuse what is not the member's to do (the state is the case loop's to check)."""
    where = {"case": case["id"], "action": action}
    if action not in MEMBER_ACTIONS:
        raise MemberActionRefused(f"{action!r} is not a grid member's action; theirs: {', '.join(MEMBER_ACTIONS)}",
                                  "not_a_member_action", **where)
    if action in HANDLER_ONLY and case["handler_person_id"] != person_id:
        holder = case["handler_level"] or "nobody yet"
        raise MemberActionRefused(f"case {case['id']} is handled by someone else ({holder}): only its handler can "
                                  f"{action} ({MEMBER_ACTIONS[action]})", "not_your_case", **where)
    if action in NOTE_REQUIRED and not (note or "").strip():
        raise MemberActionRefused(f"{action} ({MEMBER_ACTIONS[action]}) of case {case['id']} needs a note saying why "
                                  "or what was done", "note_required", field="note", **where)


def member_actions(row, person_id):
    """The member's actions the case's state allows now (for the buttons on the phone)."""
    return [a for a in loop.allowed_actions(row["status"])
            if a in MEMBER_ACTIONS and (a not in HANDLER_ONLY or row["handler_person_id"] == person_id)]


def summary(row, person_id, now):
    """What the phone shows of a case: no reporter, phone numbers in the text masked, the timer with the
    time left, the member's actions and the version to send back with one."""
    timer = time_limits.timer(row, now) if row["time_limit_hours"] else None
    return {
        **{k: row[k] for k in ("id", "source_ref", "channel", "category_code", "category_name", "category_name_en",
                               "status", "grid_code", "microgrid_code", "handler_level", "supervised", "urge_count",
                               "photos")},
        "title": mask_phones_in(row["title"]), "description": mask_phones_in(row["description"]),
        "address": mask_phones_in(row["address"]), "reported_at": _iso(row["reported_at"]),
        "version": row["case_version"], "mine": row["handler_person_id"] == person_id,
        "timer": _timer(timer, row, now), "actions": member_actions(row, person_id),
        "lon": _round(row["lon"]), "lat": _round(row["lat"]), "distance_m": None,
    }


def _timer(timer, row, now):
    if timer is None:
        return None
    left = row["deadline"] - (row["clock_paused_at"] or now)
    return {"colour": timer["colour"], "fraction": timer["fraction"], "deadline": _iso(row["deadline"]),
            "hours_left": round(left.total_seconds() / 3600, 2), "running": timer["running"]}


def _urgency(case):
    timer = case["timer"]
    colour = timer["colour"] if timer else None
    return URGENCY[colour], timer["hours_left"] if timer else float("inf"), case["reported_at"], case["id"]


def _add_distances(cases, here):
    """``distance_m`` (geodesic, metres) from ``here`` = (lon, lat) to each located case."""
    located = [c for c in cases if c["lon"] is not None]
    if here is None or not located:
        return
    lon = np.array([c["lon"] for c in located])
    lat = np.array([c["lat"] for c in located])
    _, _, metres = _GEOD.inv(np.full(len(lon), here[0]), np.full(len(lat), here[1]), lon, lat)
    for case, distance in zip(located, metres):
        case["distance_m"] = round(float(distance), 1)


def _rows(conn, case_id=None, grids=None, states=None, person=None):
    with conn.cursor() as cur:
        cur.execute(load("grids.member", "member_cases"), {"id": case_id, "grids": grids, "states": states,
                                                           "person": person})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def _iso(when):
    return when.astimezone(clock.SHANGHAI).isoformat() if when else None


def _round(value):
    return None if value is None else round(float(value), 6)
