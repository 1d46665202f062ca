"""Proxy agents (信访代理) at four levels, the first agent's assignment (首办代理员) and the call–response
between levels (呼叫—响应).

Concept: an agent serves an area at one of :data:`LEVELS` — the city (its 6-digit division code ending
``00``: the districts sharing its first 4 digits), a county (a district cell), a township (a street cell)
or a village (a community cell). The first agent takes a petition matter on for the citizen
(:func:`take`; one per matter, within the agent's area) and the citizen rates the proxy at the end
(:func:`rate`). An agent who needs help calls the level above (:func:`call`; maybe a named agent of it),
which must respond within ``due_hours`` (24 by default, set per call); a response at ``due_at`` exactly is
on time, a second later is late (:func:`list_calls` shows the lateness). Every action appends to
``petition_work_event``.
"""
from grids import limits
from grids.petitions import work_checks as check
from grids.petitions.work_checks import PetitionWorkError

LEVELS = ("city", "county", "township", "village")
CELL_LEVEL = {"county": "district", "township": "street", "village": "community"}
CODE_LENGTH = {"city": 6, "county": 6, "township": 9, "village": 12}
DEFAULT_DUE_HOURS = 24
SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied")
EVENTS = "proxy_event_insert"


def level_above(level, area_code):
    """``(level, area_code)`` of the level an agent of ``level`` at ``area_code`` calls; None for the city."""
    if level == "village":
        return "township", area_code[:9]
    if level == "township":
        return "county", area_code[:6]
    if level == "county":
        return "city", area_code[:4] + "00"
    return None


def covers(level, area_code, code):
    """Whether an agent of ``level`` at ``area_code`` serves cell ``code``."""
    if not code:
        return False
    return code[:4] == area_code[:4] if level == "city" else code.startswith(area_code)


def add_agent(conn, *, name, level, area_code, code=None, phone=None, person=None, by, now=None):
    """Add a proxy agent; returns its id. Refused naming the field: an unknown level, an area code that is
    not a cell of the level's kind (city: ``NNNN00``)."""
    now = check.when(now)
    level = check.choice("level", level, LEVELS)
    area_code = check.text("area_code", area_code, limits.CATEGORY, required=True)
    _check_area(conn, level, area_code)
    agent = {"code": check.text("code", code, limits.PERSON_CODE), "name": check.text("name", name, limits.NAME,
                                                                                       required=True),
             "phone": check.text("phone", phone, limits.PHONE), "level": level, "area_code": area_code}
    if agent["code"] and check.rows_of(conn, "proxy_agent_find", {"ref": agent["code"], "id": None}):
        raise PetitionWorkError(f"a proxy agent with code {agent['code']} exists already", field="code")
    linked = check.actor(conn, person, required=False, field="person")
    person_acting = check.actor(conn, by)
    with check.atomic(conn):
        row = {**agent, "person_id": linked["id"] if linked else None}
        agent_id = check.rows_of(conn, "proxy_agent_insert", row)[0]["id"]
        check.event(conn, EVENTS, "proxy_agent", agent_id, "add_agent", person_acting, now,
                    details={"level": level, "area_code": area_code})
    return agent_id


def find_agent(conn, ref, *, field="agent"):
    """The agent whose code (or id) is ``ref``; refused naming ``field``."""
    if ref is None or ref == "" or isinstance(ref, bool):
        raise PetitionWorkError(f"`{field}` is required: a proxy agent's code or id", field=field)
    ref = check.text(field, str(ref), limits.PERSON_CODE, required=True)
    as_id = int(ref) if ref.isdigit() and len(ref) < 19 else None
    rows = check.rows_of(conn, "proxy_agent_find", {"ref": ref, "id": as_id})
    if not rows:
        raise PetitionWorkError(f"no proxy agent with code or id {ref}", field=field)
    if not rows[0]["active"]:
        raise PetitionWorkError(f"proxy agent {ref} is no longer active", field=field)
    return rows[0]


def list_agents(conn, *, level=None, within=None):
    """The agents (of ``level``, serving ``within`` or under it), from the city down."""
    if level is not None:
        check.choice("level", level, LEVELS)
    return check.rows_of(conn, "proxy_agents_list", {"level": level, "within": check.text("within", within, 64)})


def take(conn, case_id, *, agent, by, now=None):
    """The first agent (首办代理员) ``agent`` takes petition matter ``case_id`` on; returns the assignment.
    Refused naming the field: not a petition matter, taken on already, outside the agent's area."""
    now = check.when(now)
    case = check.incident(conn, case_id)
    if case["channel"] != "petition":
        raise PetitionWorkError(f"case {case['id']} is no petition matter (channel {case['channel']})", field="case")
    if assignment(conn, case["id"]):
        raise PetitionWorkError(f"case {case['id']} has its first agent already", field="case")
    proxy = find_agent(conn, agent)
    finest = case["community_code"] or case["street_code"] or case["district_code"]
    if finest and not covers(proxy["level"], proxy["area_code"], finest):
        raise PetitionWorkError(f"case {case['id']} lies in {finest}, outside agent {proxy['code'] or proxy['id']}'s "
                                f"area {proxy['area_code']}", field="agent")
    person = check.actor(conn, by)
    with check.atomic(conn):
        check.rows_of(conn, "proxy_assignment_insert", {"incident_id": case["id"], "agent_id": proxy["id"],
                                                        "taken_at": now})
        check.event(conn, EVENTS, "proxy_assignment", case["id"], "take", person, now, incident_id=case["id"],
                    details={"agent": proxy["id"], "level": proxy["level"]})
    return assignment(conn, case["id"])


def assignment(conn, case_id):
    """The proxy assignment of case ``case_id`` with its agent, or None."""
    rows = check.rows_of(conn, "proxy_assignment_get", {"incident_id": case_id})
    return rows[0] if rows else None


def rate(conn, case_id, *, satisfaction, by, now=None):
    """The citizen's satisfaction with the proxy at the end (满意, 基本满意, 不满意), answered once."""
    now = check.when(now)
    satisfaction = check.choice("satisfaction", satisfaction, SATISFACTION)
    case_id = check.identifier("case", case_id)
    taken = assignment(conn, case_id)
    if taken is None:
        raise PetitionWorkError(f"case {case_id} has no proxy agent", field="case")
    if taken["satisfaction"]:
        raise PetitionWorkError(f"the proxy of case {case_id} was rated already ({taken['satisfaction']})",
                                field="satisfaction")
    person = check.actor(conn, by)
    with check.atomic(conn):
        check.rows_of(conn, "proxy_assignment_rate", {"incident_id": case_id, "satisfaction": satisfaction,
                                                      "rated_at": now})
        check.event(conn, EVENTS, "proxy_assignment", case_id, "rate", person, now, incident_id=case_id,
                    details={"satisfaction": satisfaction})
    return assignment(conn, case_id)


def call(conn, case_id, *, from_agent, reason, to_agent=None, due_hours=None, by, now=None):
    """呼叫: ``from_agent`` calls the level above for help on a matter taken on by a proxy; due
    ``due_hours`` (default :data:`DEFAULT_DUE_HOURS`) after ``now``. Returns the call (:func:`get_call`)."""
    now = check.when(now)
    case_id = check.identifier("case", case_id)
    if assignment(conn, case_id) is None:
        raise PetitionWorkError(f"case {case_id} has no proxy agent: a first agent takes it on before calling",
                                field="case")
    caller = find_agent(conn, from_agent, field="from_agent")
    above = level_above(caller["level"], caller["area_code"])
    if above is None:
        raise PetitionWorkError("a city agent has no level above to call", field="from_agent")
    to_level, to_area = above
    named = _named_callee(conn, to_agent, to_level, to_area)
    due = check.number("due_hours", due_hours, default=DEFAULT_DUE_HOURS, maximum=limits.WHISTLE_HOURS_MAX)
    reason = check.text("reason", reason, required=True)
    person = check.actor(conn, by)
    with check.atomic(conn):
        row = {"incident_id": case_id, "from_agent_id": caller["id"], "to_level": to_level, "to_area_code": to_area,
               "to_agent_id": named["id"] if named else None, "called_at": now, "due_hours": due, "reason": reason}
        call_id = check.rows_of(conn, "proxy_call_insert", row)[0]["id"]
        check.event(conn, EVENTS, "proxy_call", call_id, "call", person, now, incident_id=case_id, note=reason,
                    details={"from": caller["id"], "to_level": to_level, "to_area": to_area, "due_hours": due})
    return get_call(conn, call_id, now=now)


def respond(conn, call_id, *, agent, note=None, by, now=None):
    """响应: an agent of the called level and area (the named one, if the call named one) answers the call
    at ``now``. Returns the call with its lateness."""
    now = check.when(now)
    call_id = check.identifier("call", call_id)
    responder = find_agent(conn, agent)
    note = check.text("note", note)
    person = check.actor(conn, by)
    with check.atomic(conn):
        rows = check.rows_of(conn, "proxy_call_lock", {"id": call_id})
        if not rows:
            raise PetitionWorkError(f"no call {call_id}", field="call")
        _check_responder(rows[0], responder, now)
        check.rows_of(conn, "proxy_call_respond", {"id": call_id, "responded_at": now, "agent_id": responder["id"],
                                                   "note": note})
        check.event(conn, EVENTS, "proxy_call", call_id, "respond", person, now, incident_id=rows[0]["incident_id"],
                    note=note, details={"agent": responder["id"]})
    return get_call(conn, call_id, now=now)


def get_call(conn, call_id, *, now=None):
    """One call with its lateness at ``now``."""
    rows = check.rows_of(conn, "proxy_calls_list", {"incident_id": None, "call_id": call_id, "waiting": False,
                                                    "now": check.moment("now", now), "limit": 1})
    if not rows:
        raise PetitionWorkError(f"no call {call_id}", field="call")
    return rows[0]


def list_calls(conn, *, case_id=None, waiting_only=False, now=None, limit=500):
    """Calls, newest first, with ``lateness`` (on_time, late, waiting, overdue) and ``late_hours`` at ``now``."""
    if case_id is not None:
        case_id = check.identifier("case", case_id)
    return check.rows_of(conn, "proxy_calls_list", {"incident_id": case_id, "call_id": None,
                                                    "waiting": bool(waiting_only),
                                                    "now": check.moment("now", now), "limit": limit})


def _check_area(conn, level, area_code):
    well_formed = area_code.isdigit() and len(area_code) == CODE_LENGTH[level]
    if not well_formed or (level == "city" and not area_code.endswith("00")):
        shape = "6 digits ending 00" if level == "city" else f"{CODE_LENGTH[level]} digits"
        raise PetitionWorkError(f"a {level} agent's area code is {shape}, not {area_code!r}", field="area_code")
    if level != "city" and not check.rows_of(conn, "proxy_cell_exists", {"code": area_code,
                                                                          "level": CELL_LEVEL[level]})[0]["found"]:
        raise PetitionWorkError(f"no {CELL_LEVEL[level]} cell {area_code} for a {level} agent", field="area_code")


def _named_callee(conn, to_agent, to_level, to_area):
    if to_agent is None or to_agent == "":
        return None
    callee = find_agent(conn, to_agent, field="to_agent")
    if (callee["level"], callee["area_code"]) != (to_level, to_area):
        raise PetitionWorkError(f"agent {to_agent} is not of the level above ({to_level} {to_area})", field="to_agent")
    return callee


def _check_responder(row, responder, now):
    if row["responded_at"] is not None:
        raise PetitionWorkError(f"call {row['id']} was answered already", field="call")
    if (responder["level"], responder["area_code"]) != (row["to_level"], row["to_area_code"]) or (
            row["to_agent_id"] and row["to_agent_id"] != responder["id"]):
        raise PetitionWorkError(f"call {row['id']} went to {row['to_level']} {row['to_area_code']}"
                                f"{' (a named agent)' if row['to_agent_id'] else ''}: agent "
                                f"{responder['code'] or responder['id']} cannot answer it", field="agent")
    if now < row["called_at"]:
        raise PetitionWorkError("a response comes after the call", field="now")
