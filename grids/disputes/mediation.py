"""Mediation (调解): sessions, the outcome — an agreement or a hand-over — and the follow-up of agreements.

Concept: a triaged dispute is mediated in **sessions** (:func:`record_session`: when, where, who attended,
notes; a session at a time still ahead is a scheduled one, the dispute's ``next_session_at``). Mediation
ends in one of two outcomes:

- **调解成功** (:func:`settle`): an agreement (调解协议) with its terms, amount, performance deadline and
  optional 司法确认 (judicial confirmation); stage ``agreed``. It needs a session held before it.
- **调解不成** (:func:`hand_over`, 诉调对接, "当判则判"): the dispute is handed to a court (立案), to labour
  arbitration, to an administrative body or to the petition office, naming the body and its reference
  (案号, when known); stage ``handed_over``.

An agreement is **followed up** (:func:`follow_up`, 履行回访) at its deadline (:func:`agreements_due`
lists them): ``performed`` or ``partly`` close the dispute (``resolved``); ``not`` (not performed) reopens
it — back to ``mediating``, ``reopen_count`` + 1, the outcome cleared, the risk recomputed (a reopening
counts as a repeat) — to be mediated again or handed over. Performance can be confirmed before the
deadline; ``partly`` and ``not`` only at or after it.
"""
from gis.sqlfiles import load
from grids import clock, limits
from grids.disputes import chain, risk, triage
from grids.errors import DisputeError

TARGETS = {"court": "法院", "labour_arbitration": "劳动仲裁", "administrative": "行政机关",
           "petition_office": "信访部门"}
PERFORMANCE = {"performed": "已履行", "partly": "部分履行", "not": "未履行"}


def record_session(conn, dispute_id, *, held_at, place, attendees, notes=None, by, now=None):
    """Record a session (held, or scheduled when ``held_at`` is ahead of ``now``); returns its id."""
    now = chain.when(now)
    person = chain.actor(conn, by, required=True)
    held_at = chain.moment("held_at", held_at)
    place = chain.text("place", place, limits.ADDRESS, required=True)
    names = triage.attendees(attendees)
    notes = chain.text("notes", notes, limits.DESCRIPTION)
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "session")
        with conn.cursor() as cur:
            cur.execute(load("grids.disputes", "session_insert"), {
                "incident_id": dispute_id, "held_at": held_at, "place": place, "attendees": chain.as_json(names),
                "notes": notes, "by_person_id": person["id"]})
            session_id = cur.fetchone()[0]
        chain.step(conn, dispute, "session", person, now,
                   details={"session": session_id, "held_at": held_at, "place": place,
                            "scheduled": held_at > now})
    return session_id


def settle(conn, dispute_id, *, terms, deadline, amount=None, judicial_confirmation=False, by, now=None, note=None):
    """调解成功: record the agreement; refused naming the field without terms or deadline, before a
    session was held, with a deadline before the signing. Returns the agreement's id."""
    now = chain.when(now)
    person = chain.actor(conn, by, required=True)
    terms = chain.text("terms", terms, limits.DESCRIPTION, required=True)
    deadline = chain.date("deadline", deadline, required=True)
    amount = chain.amount("amount", amount)
    if deadline < clock.today(now):
        raise DisputeError(f"the performance deadline {deadline} is before the agreement ({clock.today(now)})",
                           field="deadline")
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "success")
        if _sessions_held(conn, dispute_id, now) == 0:
            raise DisputeError(f"dispute {dispute_id} has no session held yet: an agreement comes out of mediation",
                               field="sessions", dispute=dispute_id)
        with conn.cursor() as cur:
            cur.execute(load("grids.disputes", "agreement_insert"), {
                "incident_id": dispute_id, "signed_at": now, "terms": terms, "amount": amount, "deadline": deadline,
                "judicial_confirmation": bool(judicial_confirmation)})
            agreement_id = cur.fetchone()[0]
        chain.step(conn, dispute, "success", person, now, note=note,
                   changes={"outcome": "success", "outcome_at": now, "resolved_at": now},
                   details={"agreement": agreement_id, "amount": amount, "deadline": deadline,
                            "judicial_confirmation": bool(judicial_confirmation)})
    return agreement_id


def hand_over(conn, dispute_id, *, target, body, reference=None, reason=None, by, now=None):
    """调解不成: hand the dispute to ``target`` (court, labour_arbitration, administrative, petition_office;
    or 法院, 劳动仲裁 …), the ``body`` by name, with its ``reference``. Returns the hand-over's id."""
    now = chain.when(now)
    person = chain.actor(conn, by, required=True)
    if target is None or target == "":
        raise DisputeError("a hand-over names its target: court, labour_arbitration, administrative or "
                           "petition_office", field="target")
    target = chain.choice("target", target, tuple(TARGETS), labels=TARGETS)
    body = chain.text("body", body, limits.NAME, required=True)
    reference = chain.text("reference", reference, limits.TICKET)
    reason = chain.text("reason", reason, limits.NOTE)
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "failure")
        with conn.cursor() as cur:
            cur.execute(load("grids.disputes", "handover_insert"), {
                "incident_id": dispute_id, "handed_at": now, "target": target, "body": body,
                "reference": reference, "reason": reason})
            handover_id = cur.fetchone()[0]
        chain.step(conn, dispute, "failure", person, now, note=reason,
                   changes={"outcome": "failure", "outcome_at": now, "resolved_at": None},
                   details={"handover": handover_id, "target": target, "body": body, "reference": reference})
    return handover_id


def follow_up(conn, dispute_id, *, performance, note=None, by, now=None):
    """履行回访 of the dispute's agreement: ``performed``, ``partly`` (resolved) or ``not`` (reopened).
    Returns the dispute's stage after."""
    now = chain.when(now)
    person = chain.actor(conn, by, required=True)
    performance = chain.choice("performance", performance, tuple(PERFORMANCE), labels=PERFORMANCE)
    note = chain.text("note", note, limits.NOTE)
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "follow_up")
        agreement = _open_agreement(conn, dispute_id)
        if performance != "performed" and clock.today(now) < agreement["deadline"]:
            raise DisputeError(f"the agreement's deadline is {agreement['deadline']}: whether it was performed "
                               "is known at the deadline", field="performance", dispute=dispute_id)
        with conn.cursor() as cur:
            cur.execute(load("grids.disputes", "agreement_follow_up"),
                        {"id": agreement["id"], "performance": performance, "at": now, "note": note})
        changes = {"stage": "resolved"}
        if performance == "not":
            changes = {"stage": "mediating", "reopen_count": dispute["reopen_count"] + 1, "outcome": None,
                       "outcome_at": None, "resolved_at": None}
        chain.step(conn, dispute, "follow_up", person, now, note=note, changes=changes,
                   details={"agreement": agreement["id"], "performance": performance,
                            "reopened": performance == "not"})
        if performance == "not":
            risk.refresh(conn, dispute_id, now, dispute=dispute)
    return dispute["stage"]


def agreements_due(conn, now=None, within=None):
    """Agreements waiting for their follow-up whose deadline has come (under cell code ``within``)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "agreements_due"), {"today": clock.today(now), "within": within})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def _sessions_held(conn, dispute_id, now):
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "sessions_held"), {"id": dispute_id, "now": now})
        return cur.fetchone()[0]


def _open_agreement(conn, dispute_id):
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "agreement_open"), {"id": dispute_id})
        row = cur.fetchone()
    if row is None:
        raise DisputeError(f"dispute {dispute_id} has no agreement waiting for a follow-up", field="agreement")
    return {"id": row[0], "deadline": row[1], "signed_at": row[2]}
