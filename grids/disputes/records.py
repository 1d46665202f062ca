"""The dispute record: a case of any channel taken in as a dispute (登记受理), and reading it back.

Concept: :func:`record_dispute` puts a record beside an existing case (an incident of any channel, or a
grid member's screening report, :mod:`grids.disputes.screening`): its type from the editable list
(:func:`types`, :func:`save_type`), its parties (:mod:`grids.disputes.parties`; at least one), people
involved (涉及人数; default: the parties that are persons, at least 1), amount involved (涉及金额), a
summary, staff's violence flag, and its source — ``channel`` (the case's own), ``screening`` (排查, with
the grid member who found it and maybe a campaign) or ``three_calls`` (:mod:`grids.disputes.three_calls`).
The risk level is computed at once (:mod:`grids.disputes.risk`). The record starts at stage
``received``; the first event says who recorded it. :func:`get_dispute` reads it whole — parties as the
viewer may see them, mediators, team, sessions, agreements, hand-overs, linked calls, history.
"""
from gis.sqlfiles import load
from grids import clock, limits
from grids.disputes import chain, parties, risk
from grids.errors import DisputeError

RECORD_SOURCES = ("channel", "screening")


def types(conn, active_only=False):
    """The dispute types in order: ``[{"code", "name", "category_code", "position", "active"}]``."""
    rows = _rows(conn, "dispute_types", {})
    return [t for t in rows if t["active"]] if active_only else rows


def save_type(conn, code, name, *, category_code=None, position=0, active=True):
    """Add a dispute type or change one (a type in use is deactivated, never removed)."""
    code = chain.text("code", code, 32, required=True)
    if not code.replace("_", "").isalnum() or not code.isascii() or code != code.lower():
        raise DisputeError(f"a type code is lower-case letters, digits and '_', not {code!r}", field="code")
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "dispute_type_upsert"), {
            "code": code, "name": chain.text("name", name, limits.CATEGORY, required=True),
            "category_code": category_code, "position": chain.count("position", position, minimum=0),
            "active": bool(active)})


def type_for_category(conn, category_code):
    """The active dispute type standing for incident category ``category_code``, else ``'other'``."""
    by_category = {t["category_code"]: t["code"] for t in types(conn, active_only=True) if t["category_code"]}
    return by_category.get(category_code, "other")


def record_dispute(conn, case_id, *, type, parties, people_involved=None, amount=None, summary=None,
                   violence=False, source="channel", campaign=None, screened_by=None, by=None, now=None):
    """Take case ``case_id`` in as a dispute; returns the dispute (:func:`get_dispute`, parties unmasked
    for no one: ``parties`` holds the count). Refused naming the field, nothing written: no parties, an
    unknown type, a bad number, a case that is already a dispute or does not exist."""
    now = chain.when(now)
    checked = prepare(conn, case_id, type=type, parties=parties, people_involved=people_involved, amount=amount,
                      summary=summary, violence=violence, source=source, campaign=campaign, screened_by=screened_by)
    person = chain.actor(conn, by)
    with chain.atomic(conn):
        create(conn, checked, person, now)
    return get_dispute(conn, case_id)


def prepare(conn, case_id, *, type, parties, people_involved, amount, summary, violence, source, campaign,
            screened_by, parties_required=True):
    """The checked fields of a new record (everything :func:`create` writes), or :class:`DisputeError`."""
    case = _case(conn, case_id)
    known = {t["code"]: t for t in types(conn)}
    if not isinstance(type, str) or type not in known or not known[type]["active"]:   # a JSON list: unhashable
        raise DisputeError(f"{type!r} is no dispute type; types: "
                           f"{', '.join(c for c, t in known.items() if t['active'])}", field="type")
    checked_parties = _parties(parties, parties_required)
    source = chain.choice("source", source, (*RECORD_SOURCES, "three_calls"))
    people = people_involved
    if people is None or people == "":
        people = max(1, sum(p["kind"] == "person" for p in checked_parties))
    screener, campaign_id = _screening(conn, source, campaign, screened_by)
    return {"incident_id": case["id"], "type_code": type, "source": source, "campaign_id": campaign_id,
            "screened_by": screener, "received_at": case["reported_at"],
            "summary": chain.text("summary", summary, limits.NOTE),
            "people_involved": chain.count("people_involved", people),
            "amount_involved": chain.amount("amount", amount), "violence": bool(violence),
            "parties": checked_parties, "stage": "received", "building_code": None}


def create(conn, checked, person, now, *, note=None, details=None):
    """Write a prepared record (:func:`prepare`), its parties and its first event, with its risk."""
    record = {k: v for k, v in checked.items() if k != "parties"}
    level, factors = risk.assess(risk.facts_of(conn, record["incident_id"], people=record["people_involved"],
                                               amount=record["amount_involved"], violence=record["violence"],
                                               summary=record["summary"]))
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "dispute_insert"), {**record, "risk_computed": level,
                                                               "risk_factors": chain.as_json(factors), "at": now})
    ids = parties.insert_parties(conn, record["incident_id"], checked["parties"])
    chain.event(conn, record["incident_id"], 1, "record", None, record["stage"], person, now, note,
                {"type": record["type_code"], "source": record["source"], "risk": level, "factors": factors,
                 "parties": [{"id": i, "side": p["side"], "kind": p["kind"]} for i, p in zip(ids, checked["parties"])],
                 **(details or {})})


def get_dispute(conn, dispute_id, viewer=None, now=None):
    """The dispute whole: the record, its case's placement, ``parties`` as ``viewer`` (a
    :class:`~grids.disputes.parties.Viewer`) may see them (``[]`` without one; ``party_count`` always),
    ``mediators``, ``team``, ``sessions`` (``next_session_at`` from ``now``), ``agreements``,
    ``handovers``, ``calls``, ``history`` and the steps its stage allows."""
    rows = _rows(conn, "dispute_get", {"id": dispute_id})
    if not rows:
        raise DisputeError(f"case {dispute_id} has no dispute record", dispute=dispute_id, field="dispute")
    dispute = rows[0]
    dispute["id"] = dispute["incident_id"]
    related = _rows(conn, "dispute_related", {"id": dispute_id})[0]
    dispute.update(related)
    dispute["parties"] = parties.parties_for(conn, dispute_id, viewer) if viewer is not None else []
    now = clock.resolve(now)
    upcoming = [clock.resolve(s["held_at"]) for s in dispute["sessions"] if clock.resolve(s["held_at"]) >= now]
    dispute["next_session_at"] = min(upcoming) if upcoming else None
    dispute["history"] = history(conn, dispute_id)
    dispute["allowed_steps"] = chain.allowed_steps(dispute["stage"])
    return dispute


def history(conn, dispute_id):
    """The dispute's events, oldest first: version, action, from_stage, to_stage, at, by_*, note, details,
    operator."""
    return _rows(conn, "dispute_history", {"id": dispute_id})


def list_disputes(conn, *, within=None, stages=None, risks=None, mediator=None, now=None, limit=500):
    """Disputes placed under the cell code ``within`` (of ``stages`` and ``risks`` when given; sent to
    ``mediator``, an id), newest first, with ``lon``/``lat`` and ``next_session_at``; no personal data:
    the map layer, the workbench list and the member's "disputes of my grid"."""
    return _rows(conn, "dispute_list", {"within": within, "stages": list(stages) if stages else None,
                                        "risks": list(risks) if risks else None, "mediator": mediator,
                                        "now": clock.resolve(now), "limit": limit})


def _case(conn, case_id):
    if isinstance(case_id, bool) or not isinstance(case_id, int) or limits.id_problem(case_id):
        raise DisputeError(f"a dispute is recorded on a case: {case_id!r} is no case id", field="case")
    rows = _rows(conn, "incident_for_dispute", {"id": case_id})
    if not rows:
        raise DisputeError(f"no case {case_id}", field="case", case=case_id)
    if rows[0]["has_dispute"]:
        raise DisputeError(f"case {case_id} is a dispute already", field="case", case=case_id)
    return rows[0]


def _parties(value, required):
    return parties.check_parties(value, required=required)


def _screening(conn, source, campaign, screened_by):
    if source != "screening":
        if campaign is not None or screened_by is not None:
            raise DisputeError("a campaign and a screener belong to a screened dispute (source 'screening')",
                               field="source")
        return None, None
    screener = chain.actor(conn, screened_by, required=True, field="screened_by")
    campaign_id = None
    if campaign is not None:
        campaign = chain.count("campaign", campaign, maximum=limits.ID_MAX)
        rows = _rows(conn, "campaign_get", {"id": campaign})
        if not rows:
            raise DisputeError(f"no screening campaign {campaign!r}", field="campaign")
        campaign_id = rows[0]["id"]
    return screener["id"], campaign_id


def _rows(conn, query, params):
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", query), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
