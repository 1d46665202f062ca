"""110 → mediation: the three-calls rule (接处警三次以上 → 联动联调, "五员包案").

Concept: police hand-overs (110 calls, channel ``police110``) placed in the same **building** — a call
placed in a stairwell counts for its building — **three or more times within the window** (default
:data:`DEFAULT_WINDOW_DAYS` = 30 days) open a joint mediation case automatically. Precisely: the rule
trips at the first call c of a building with at least ``calls`` unlinked calls of that building reported
in [c − window, c] (both ends included: the third call exactly 30 days after the first trips it, one
second later does not). Rejected and voided calls do not count; a call counts once (it is linked to one
case at most).

What the rule opens: a case of its own (channel ``police110``, ticket ``LDLT-<building>-<call>``,
placed where the tripping call was, accepted at once by the system) with a dispute record (source
``three_calls``, type from the calls' category, people involved 2 until staff correct it) at stage
``triaged``: post 治安调处 with a joint mediation (会商研判) of 治安调处 and 调解和事, sent to the mediation
committee of its community (else street, else district) and that committee's least-loaded mediator,
and a named team (五员): 包案负责人 (the street's staff), the police officer (named later by
:func:`set_team`: the roster has no police), the mediator, the community cadre and the grid member
responsible for the grid. It links the calls of the window and every later call of the building while
it stays open (not resolved nor handed over); its risk follows (three linked calls are orange by the
repeats factor). After it is finished, three new calls open a new case.

:func:`run` is idempotent (what is linked is never counted again) and reads only what is stored:
``gridgov cases tick`` runs it after the case loop's tick. Calls older than ``horizon_days`` (365) are not
examined.
"""
import datetime as dt
import itertools

from gis.sqlfiles import load
from grids import limits
from grids.cases import loop
from grids.disputes import chain, organisations, records, risk
from grids.errors import DisputeError
from grids.people import roster

DEFAULT_WINDOW_DAYS = 30
DEFAULT_CALLS = 3
HORIZON_DAYS = 365
POST, JOINT_POSTS = "治安调处", ("治安调处", "调解和事")
TEAM_ROLES = {"lead": "包案负责人", "police": "民警", "mediator": "调解员", "cadre": "社区干部", "grid_member": "网格员"}
PEOPLE_DEFAULT = 2
NOTE = "接处警三次以上，自动启动联动联调（五员包案）"


def run(conn, now=None, *, window_days=DEFAULT_WINDOW_DAYS, calls=DEFAULT_CALLS, horizon_days=HORIZON_DAYS):
    """Apply the rule at ``now``: ``{"now", "opened": [case ids], "linked": [(case id, call id)]}``."""
    now = chain.when(now)
    if not 1 <= window_days <= 366 or not 2 <= calls <= 100:
        raise DisputeError("the window is 1 to 366 days and the rule 2 to 100 calls", field="window_days")
    window = dt.timedelta(days=window_days)
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "three_calls_candidates"), {
            "now": now, "horizon": now - dt.timedelta(days=horizon_days), "window": window})
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    opened, linked = [], []
    open_cases = _open_cases(conn)      # once, not once per building: 0.3 s a run on the demo's 2,500 calls
    with chain.atomic(conn):
        for building, group in itertools.groupby(rows, key=lambda r: r["building"]):
            group = list(group)
            case_id, first = open_cases.get(building, (None, None))
            if case_id is None:
                trip = next((r for r in group if r["in_window"] >= calls), None)
                if trip is None:
                    continue
                first = trip["reported_at"] - window
                case_id = _open(conn, building, trip, now)
                opened.append(case_id)
            joining = [r["id"] for r in group if r["reported_at"] >= first]
            if joining:
                _link(conn, case_id, joining, now)
                linked += [(case_id, call) for call in joining]
    return {"now": now, "opened": opened, "linked": linked}


def set_team(conn, dispute_id, team, by, now=None):
    """Name members of the dispute's 五员 team: ``{role: {"name", "phone", "person", "mediator"}}`` with
    roles of :data:`TEAM_ROLES` (lead, police, mediator, cadre, grid_member). Recorded."""
    now = chain.when(now)
    person = chain.actor(conn, by, required=True)
    members = []
    for role, member in (team or {}).items():
        role = chain.choice("team", role, tuple(TEAM_ROLES), labels=TEAM_ROLES)
        member = member or {}
        found = chain.actor(conn, member.get("person"), field=f"team.{role}.person")
        mediator = member.get("mediator")
        if mediator is not None:
            mediator = organisations.find_mediator(conn, mediator, field=f"team.{role}.mediator")["id"]
        name = chain.text(f"team.{role}.name", member.get("name") or (found or {}).get("name"), limits.NAME,
                          required=True)
        members.append({"role": role, "name": name, "phone": chain.text(f"team.{role}.phone", member.get("phone"),
                                                                        limits.PHONE),
                        "person_id": found["id"] if found else None, "mediator_id": mediator})
    if not members:
        raise DisputeError("name at least one member of the team", field="team")
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "team")
        _write_team(conn, dispute_id, members)
        return chain.step(conn, dispute, "team", person, now,
                          details={"team": [{k: m[k] for k in ("role", "name", "person_id", "mediator_id")}
                                            for m in members]})


def _open_cases(conn):
    """``{building: (case id, first call's time)}`` of the open three-calls cases (the oldest per building)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "three_calls_open_cases"))
        return {building: (case_id, first) for building, case_id, first in cur.fetchall()}


def _open(conn, building, trip, now):
    """Open the joint mediation case of ``building``, tripped by call ``trip``; its id."""
    ref = f"LDLT-{building}-{trip['id']}"
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "three_calls_case_insert"), {
            "ref": ref, "now": now, "call": trip["id"], "title": f"接处警三次以上联动联调：{building}",
            "description": NOTE, "attributes": chain.as_json({"three_calls": True, "building": building})})
        case_id, category, street, community, grid = cur.fetchone()
    loop.act(conn, case_id, "accept", None, now=now, note=NOTE)
    checked = records.prepare(conn, case_id, type=records.type_for_category(conn, category), parties=[],
                              people_involved=PEOPLE_DEFAULT, amount=None, summary=NOTE, violence=False,
                              source="three_calls", campaign=None, screened_by=None, parties_required=False)
    records.create(conn, {**checked, "stage": "triaged", "building_code": building}, None, now, note=NOTE,
                   details={"building": building, "tripped_by": trip["id"]})
    dispute = chain.locked(conn, case_id)
    committee = _committee(conn, dispute, community, street)
    if committee and committee["mediator_id"]:
        with conn.cursor() as cur:
            cur.execute(load("grids.disputes", "dispute_mediator_add"),
                        {"id": case_id, "mediator": committee["mediator_id"], "lead": True})
    _write_team(conn, case_id, _team(conn, committee, street, community, grid))
    chain.step(conn, dispute, "joint", None, now, note=NOTE,
               changes={"centre_code": street or dispute["district_code"], "post": POST,
                        "org_id": committee["org_id"] if committee else None, "joint": True,
                        "joint_posts": list(JOINT_POSTS)},
               details={"posts": list(JOINT_POSTS), "decision": NOTE, "building": building})
    return case_id


def _committee(conn, dispute, community, street):
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "three_calls_committee"),
                    {"community": community, "street": street, "district": dispute["district_code"]})
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None


def _team(conn, committee, street, community, grid):
    """The team the rule names from the roster: lead (street staff), cadre (community staff), grid member,
    the committee's mediator; the police officer is left for staff to name."""
    team = []
    for role, level, code in (("lead", "street", street), ("cadre", "community", community),
                              ("grid_member", "grid", grid)):
        person = roster.responsible_person(conn, level, code)
        if person:
            team.append({"role": role, "name": person["name"], "phone": None, "person_id": person["id"],
                         "mediator_id": None})
    if committee and committee["mediator_id"]:
        team.append({"role": "mediator", "name": committee["mediator_name"], "phone": None, "person_id": None,
                     "mediator_id": committee["mediator_id"]})
    return team


def _write_team(conn, case_id, members):
    with conn.cursor() as cur:
        for member in members:
            cur.execute(load("grids.disputes", "team_upsert"), {"id": case_id, **member})


def _link(conn, case_id, calls, now):
    with conn.cursor() as cur:
        for call in calls:
            cur.execute(load("grids.disputes", "three_calls_link"), {"id": case_id, "call": call, "now": now})
    dispute = chain.locked(conn, case_id)
    chain.step(conn, dispute, "calls", None, now, details={"calls": calls})
    risk.refresh(conn, case_id, now, dispute=dispute)
