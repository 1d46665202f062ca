"""The backlog register (积案) with leaders' ownership (领导包案), weekly consultations (周会商), closing-off
(销号), the dynamic-clearing status (动态清零) of streets and districts, and the major-issues list
(重大信访问题清单).

Concept: a petition matter (a case of channel ``petition``) goes on the register either because it has
stayed open past :data:`OVERDUE_DAYS` (``why='overdue'``; :func:`overdue_candidates` lists them) or
because the office names it (``why='named'``, with a reason). Each entry has an owning leader (name,
post, maybe a person of the roster) and a task force. Consultations are recorded as they are held; a
matter is closed off (:func:`close_off`) with the evidence and who did it, and only once at least one
consultation was held on or before that day. An area (a street or district) is *cleared* on a day when
every entry of its matters registered by then is closed off (:func:`clearing`). A major issue has its own
list and its own closing-off, refused while one of its matters is still open on the register. Every
action appends to ``petition_work_event``.
"""
import datetime as dt

from grids import clock, limits
from grids.cases import loop
from grids.petitions import work_checks as check
from grids.petitions.work_checks import PetitionWorkError

OVERDUE_DAYS = 90          # a petition matter open this long belongs on the register
WHYS = ("overdue", "named")
STATUSES = ("open", "closed_off")
CLEARING_LEVELS = ("street", "district")
EVENTS = "backlog_event_insert"


def overdue_candidates(conn, *, days=OVERDUE_DAYS, within=None, now=None, limit=500):
    """Open petition matters reported at least ``days`` days before ``now`` that are not on the register."""
    days = int(check.number("days", days, minimum=0, maximum=3650, exclusive_minimum=False))
    cutoff = check.moment("now", now) - dt.timedelta(days=days)
    return check.rows_of(conn, "backlog_overdue_candidates", {
        "cutoff": cutoff, "open_states": list(loop.OPEN), "within": _within(within), "limit": limit})


def register(conn, case_id, *, why, leader_post, leader_name=None, leader=None, task_force=None, reason=None,
             days=OVERDUE_DAYS, by, now=None):
    """Put petition matter ``case_id`` on the register with its owning leader; returns the entry
    (:func:`get_backlog`). Refused naming the field, nothing written: not a petition matter, one already on
    the register, ``overdue`` for a matter not open ``days`` days, ``named`` without a reason, no leader."""
    now = check.when(now)
    case = check.incident(conn, case_id)
    why = check.choice("why", why, WHYS)
    reason = check.text("reason", reason, required=(why == "named"))
    if why == "overdue" and reason:
        raise PetitionWorkError("a reason belongs to a named matter (why 'named')", field="reason")
    _check_registrable(conn, case, why, days, now)
    person = check.actor(conn, by)
    owner = check.actor(conn, leader, required=False, field="leader")
    entry = {"incident_id": case["id"], "why": why, "named_reason": reason, "registered_at": now,
             "leader_name": check.text("leader_name", leader_name or (owner or {}).get("name"), limits.NAME,
                                       required=True),
             "leader_post": check.text("leader_post", leader_post, limits.NAME, required=True),
             "leader_person_id": owner["id"] if owner else None,
             "task_force": check.as_json(_task_force(task_force))}
    with check.atomic(conn):
        backlog_id = check.rows_of(conn, "backlog_insert", entry)[0]["id"]
        check.event(conn, EVENTS, "backlog", backlog_id, "register", person, now, incident_id=case["id"],
                    note=reason, details={"why": why, "leader": entry["leader_name"], "post": entry["leader_post"]})
    return get_backlog(conn, backlog_id)


def consult(conn, backlog_id, *, held_on, attendees, decisions, by, now=None):
    """Record a weekly consultation (周会商) on an open entry: the day (not after ``now``), who attended
    (at least one), the decisions. Returns the entry."""
    now = check.when(now)
    held_on = check.day("held_on", held_on)
    if held_on > clock.today(now):
        raise PetitionWorkError(f"a consultation is recorded once held: {held_on} is after today", field="held_on")
    attendees = check.texts("attendees", attendees, required=True)
    decisions = check.text("decisions", decisions, required=True)
    person = check.actor(conn, by)
    with check.atomic(conn):
        entry = _locked_open(conn, backlog_id, "consult")
        check.rows_of(conn, "backlog_consultation_insert", {
            "backlog_id": entry["id"], "held_on": held_on, "attendees": check.as_json(attendees),
            "decisions": decisions, "by_person_id": person["id"]})
        check.event(conn, EVENTS, "backlog", entry["id"], "consult", person, now, incident_id=entry["incident_id"],
                    details={"held_on": held_on, "attendees": len(attendees)})
    return get_backlog(conn, entry["id"])


def close_off(conn, backlog_id, *, evidence, by, on=None, now=None):
    """销号: close off an open entry on day ``on`` (default today) with the evidence. Refused (field
    ``consultations``) unless at least one consultation was held on or before that day."""
    now = check.when(now)
    on = check.day("on", on, required=False) or clock.today(now)
    if on > clock.today(now):
        raise PetitionWorkError(f"a matter is closed off on a day that has come: {on} is after today", field="on")
    evidence = check.text("evidence", evidence, required=True)
    person = check.actor(conn, by)
    with check.atomic(conn):
        entry = _locked_open(conn, backlog_id, "close off")
        if on < clock.today(entry["registered_at"]):
            raise PetitionWorkError(f"backlog matter {entry['id']} was registered on "
                                    f"{clock.today(entry['registered_at'])}: it is not closed off before", field="on")
        if not entry["consultations"] or entry["first_consulted_on"] > on:
            raise PetitionWorkError(f"backlog matter {entry['id']} has had no weekly consultation (周会商) by {on}: "
                                    "a matter is closed off only after at least one", field="consultations",
                                    backlog=entry["id"])
        check.rows_of(conn, "backlog_close_off", {"id": entry["id"], "closed_off_on": on, "evidence": evidence,
                                                  "by_person_id": person["id"]})
        check.event(conn, EVENTS, "backlog", entry["id"], "close_off", person, now,
                    incident_id=entry["incident_id"], note=evidence, details={"on": on})
    return get_backlog(conn, entry["id"])


def get_backlog(conn, backlog_id):
    """One entry whole: the register's columns, its case's status and cells, consultations, history."""
    backlog_id = check.identifier("backlog", backlog_id)
    rows = check.rows_of(conn, "backlog_get", {"id": backlog_id})
    if not rows:
        raise PetitionWorkError(f"no backlog matter {backlog_id}", field="backlog")
    entry = rows[0]
    entry["history"] = check.history(conn, "backlog_history", "backlog", backlog_id)
    return entry


def list_backlog(conn, *, status=None, within=None, limit=500):
    """The register (of ``status`` when given, under cell ``within``), oldest first."""
    if status is not None:
        check.choice("status", status, STATUSES)
    return check.rows_of(conn, "backlog_list", {"status": status, "within": _within(within), "limit": limit})


def clearing(conn, *, level="street", on=None, within=None):
    """动态清零 per street or district on day ``on`` (default today): ``[{"area_code", "matters", "open",
    "closed_off", "cleared"}]`` for every area with entries registered by then."""
    level = check.choice("level", level, CLEARING_LEVELS)
    on = check.day("on", on, required=False) or clock.today()
    return check.rows_of(conn, "backlog_clearing", {"level": level, "on": on, "within": _within(within)})


# ---- the major-issues list (重大信访问题清单) ---------------------------------------------------------


def list_issue(conn, *, title, leader_name, leader_post, cases=(), summary=None, area_code=None, listed_on=None,
               by, now=None):
    """Put a major issue on the list with its leader and the cases behind it; returns its id."""
    now = check.when(now)
    issue = {"title": check.text("title", title, limits.TITLE, required=True),
             "summary": check.text("summary", summary),
             "area_code": check.text("area_code", area_code, limits.CATEGORY),
             "listed_on": check.day("listed_on", listed_on, required=False) or clock.today(now),
             "leader_name": check.text("leader_name", leader_name, limits.NAME, required=True),
             "leader_post": check.text("leader_post", leader_post, limits.NAME, required=True)}
    case_ids = sorted({check.incident(conn, c, field="cases")["id"] for c in (cases or [])})
    person = check.actor(conn, by)
    with check.atomic(conn):
        issue_id = check.rows_of(conn, "backlog_issue_insert", issue)[0]["id"]
        for case_id in case_ids:
            check.rows_of(conn, "backlog_issue_link", {"issue_id": issue_id, "incident_id": case_id})
        check.event(conn, EVENTS, "major_issue", issue_id, "list_issue", person, now,
                    details={"title": issue["title"], "cases": case_ids})
    return issue_id


def close_off_issue(conn, issue_id, *, evidence, by, on=None, now=None):
    """销号 of a major issue: refused (field ``cases``) while one of its cases is open on the register."""
    now = check.when(now)
    issue_id = check.identifier("issue", issue_id)
    on = check.day("on", on, required=False) or clock.today(now)
    evidence = check.text("evidence", evidence, required=True)
    person = check.actor(conn, by)
    with check.atomic(conn):
        rows = check.rows_of(conn, "backlog_issue_lock", {"id": issue_id})
        if not rows:
            raise PetitionWorkError(f"no major issue {issue_id}", field="issue")
        issue = rows[0]
        if issue["status"] != "open":
            raise PetitionWorkError(f"major issue {issue_id} is closed off already", field="issue")
        if issue["open_backlog_cases"]:
            raise PetitionWorkError(f"major issue {issue_id} still has cases open on the backlog register: "
                                    f"{', '.join(map(str, issue['open_backlog_cases']))}", field="cases")
        check.rows_of(conn, "backlog_issue_close_off", {"id": issue_id, "closed_off_on": on, "evidence": evidence,
                                                        "by_person_id": person["id"]})
        check.event(conn, EVENTS, "major_issue", issue_id, "close_off", person, now, note=evidence, details={"on": on})


def major_issues(conn, *, status=None):
    """The major-issues list, oldest first, with the cases behind each."""
    if status is not None:
        check.choice("status", status, STATUSES)
    return check.rows_of(conn, "backlog_issue_list", {"status": status})


# ---- helpers --------------------------------------------------------------------------------------


def _check_registrable(conn, case, why, days, now):
    if case["channel"] != "petition":
        raise PetitionWorkError(f"case {case['id']} is no petition matter (channel {case['channel']})",
                                field="case")
    if check.rows_of(conn, "backlog_open_for", {"incident_id": case["id"]}):
        raise PetitionWorkError(f"case {case['id']} is on the backlog register already", field="case")
    if why == "overdue":
        days = int(check.number("days", days, minimum=0, maximum=3650, exclusive_minimum=False))
        if case["status"] not in loop.OPEN or clock.resolve(case["reported_at"]) > now - dt.timedelta(days=days):
            raise PetitionWorkError(f"case {case['id']} has not been open {days} days (reported "
                                    f"{case['reported_at']:%Y-%m-%d}, {case['status']}): name it (why 'named') "
                                    "to register it", field="why")


def _locked_open(conn, backlog_id, doing):
    backlog_id = check.identifier("backlog", backlog_id)
    rows = check.rows_of(conn, "backlog_lock", {"id": backlog_id})
    if not rows:
        raise PetitionWorkError(f"no backlog matter {backlog_id}", field="backlog")
    if rows[0]["status"] != "open":
        raise PetitionWorkError(f"backlog matter {backlog_id} is closed off: cannot {doing}", field="backlog")
    return rows[0]


def _task_force(members):
    """``[{"name", "unit"}]`` from dicts or plain names; refused naming ``task_force``."""
    if members is None or members == "":
        return []
    if isinstance(members, str):
        members = members.split(",")
    if not isinstance(members, (list, tuple)) or len(members) > limits.ATTENDEES:
        raise PetitionWorkError(f"`task_force` is a list of at most {limits.ATTENDEES} members", field="task_force")
    checked = []
    for member in members:
        if isinstance(member, str):
            member = {"name": member}
        if not isinstance(member, dict) or set(member) - {"name", "unit"}:
            raise PetitionWorkError("a task force member is a name, or {name, unit}", field="task_force")
        checked.append({"name": check.text("task_force", member.get("name"), limits.NAME, required=True),
                        "unit": check.text("task_force", member.get("unit"), limits.NAME)})
    return checked


def _within(code):
    return check.text("within", code, limits.CATEGORY)
