"""``tick``: what the passing of time does to cases, run from cron (``gridgov cases tick``).

Concept: one tick at time ``now`` (1) links new incidents to earlier reports of the same problem
(:mod:`grids.incidents.repeats`), (2) escalates every running case that has used ``escalate_after`` times its
limit one level up the cell hierarchy, to the person responsible there, with a new clock
(:mod:`grids.cases.escalation`), and (3) urges (催办) every running case past its deadline that has not been
urged since. Each is decided from what is stored, never from when the last tick ran, so ticking is
idempotent: a second tick at the same time does nothing, and ticks every minute or once a day reach
the same states (an escalation starts its clock at the tick that made it, so a case climbs at most one
level per tick). Last (4) the incident roll-up's deltas are folded (:func:`grids.incidents.rollup.compact`).
Cases another session is changing are skipped and picked up by the next tick.
"""
from gis.sqlfiles import load
from grids import clock
from grids.cases import loop, time_limits
from grids.cases.escalation import DEFAULT_ESCALATE_AFTER
from grids.incidents import repeats, rollup


def tick(conn, now=None, *, escalate_after=DEFAULT_ESCALATE_AFTER, repeat_distance_m=repeats.DEFAULT_DISTANCE_M,
         repeat_days=repeats.DEFAULT_DAYS):
    """Advance the case loop to ``now``; return what was done (ids per kind) and ``now``."""
    now = clock.resolve(now)
    loop.refuse_future(now)
    linked = repeats.link_repeats(conn, now, distance_m=repeat_distance_m, days=repeat_days)
    escalated, unstaffed = _escalate_due(conn, now, escalate_after)
    urged = _due(conn, "tick_overdue", now)
    for case_id in urged:
        loop.act(conn, case_id, "urge", now=now, note="past its deadline: urged automatically")
    rollup.compact(conn)
    return {"now": now, "repeats_linked": linked, "escalated": escalated, "unstaffed": unstaffed, "urged": urged}


def _escalate_due(conn, now, multiple):
    escalated, unstaffed = [], []
    for case_id in _escalation_due(conn, now, float(multiple)):
        case = loop.act(conn, case_id, "escalate", now=now, unstaffed_ok=True,
                        note=f"used {multiple:g} times its time limit: escalated automatically")
        escalated.append((case_id, case["handler_level"]))
        if case["handler_person_id"] is None:
            unstaffed.append((case_id, case["handler_level"], case["handler_cell_code"]))
    return escalated, unstaffed


def _escalation_due(conn, now, multiple):
    """The ids of the running cases that have used ``multiple`` times their limit (in working time for a
    limit in working days: the Spring Festival escalates nothing)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "tick_escalation_due"), {"now": now, "multiple": multiple})
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    return [row["id"] for row in rows
            if not row["limit_workdays"] or time_limits.timer(row, now)["fraction"] >= multiple]


def _due(conn, query, now, **params):
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", query), {"now": now, **params})
        return [row[0] for row in cur.fetchall()]
