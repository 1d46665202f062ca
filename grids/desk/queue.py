"""The workbench's queue: the cases an account sees, by tab and filter, and one case whole.

Concept: an office sees the cases placed in its area and those its person handles; a department sees
those it handles, co-handles (协办) or was called to by a whistle it has not answered (吹哨). The
**tabs** are the loop's stages as a centre names them (:data:`TABS`); filters narrow a tab (timer
colour, category, channel, level, handler, repeats, supervision, 循环交办). The list is ordered by
urgency as the member's phone is (red timers first, the most overdue first). One case's page adds its
history, photos, linked tickets of every channel (repeats), calls (吹哨) with their lateness, its cell's
outline for the map and the actions this account may take now (:mod:`grids.desk.actions`).
Reporters' names and phones are never in the queue; phone and ID numbers in texts are masked.
"""
import json
from dataclasses import dataclass

from gis.sqlfiles import load
from grids import clock
from grids.cases import loop, photos, time_limits
from grids.cells import generations
from grids.desk import actions
from grids.errors import CaseError, NoSuchCase, OutOfScope
from grids.privacy import mask_phones_in

WORKING = (*loop.RUNNING, "suspended")
# tab: (中文, the states it holds, its extra condition for desk_cases.sql)
TABS = {
    "reported": ("待受理", ("reported",), {}),
    "accepted": ("待派遣", ("accepted",), {"returned": False}),
    "working": ("办理中", WORKING, {}),
    "handled": ("待核查", ("handled",), {}),
    "followup": ("待回访", ("closed",), {}),
    "overdue": ("超期", loop.RUNNING, {"overdue": True}),
    "supervised": ("督办", loop.OPEN, {"supervised": True}),
    "returned": ("退回", ("accepted",), {"returned": True}),
}
TIMED_TABS = ("working", "overdue", "supervised")    # ordered by their timers (urgency)
BOUNCE_LIMIT = 2          # a case sent back (退回) more often than this is flagged 循环交办
PAGE_SIZE = 50
URGENCY = {"red": 0, "yellow": 1, "green": 2, None: 3}


@dataclass(frozen=True)
class Filters:
    """What narrows a tab; None: not asked."""

    colour: str | None = None       # green, yellow, red, none (not dispatched)
    category: str | None = None     # a category code (a 大类 takes its 小类)
    channel: str | None = None
    level: str | None = None        # the handler's level
    handler: int | None = None      # a person id
    repeat: bool | None = None      # a repeat, or repeated
    supervised: bool | None = None
    bounced: bool | None = None     # 循环交办: sent back more than BOUNCE_LIMIT times


def tab_counts(conn, scope, person_id, now=None):
    """How many cases the account sees in each tab: ``{tab: count}``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.desk", "desk_tab_counts"), {"scope": list(scope), "person": person_id,
                                                             "now": clock.resolve(now)})
        return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def cases(conn, account, scope, tab="working", filters=Filters(), now=None, page=1):
    """One page of a tab: ``{"tab", "total", "page", "page_size", "cases": [row, …]}``. A tab of running
    clocks (or a colour filter) is ordered by urgency, worked out here from every row's timer; the others
    are paged by the store — the oldest report first, 待回访 the newest closing first."""
    now = clock.resolve(now)
    _, states, extra = TABS[tab]
    start = (page - 1) * PAGE_SIZE
    by_timer = tab in TIMED_TABS or filters.colour is not None
    rows = _rows(conn, scope, account.get("person_id"), states, now=now, filters=filters,
                 page=None if by_timer else (PAGE_SIZE, start), newest_closed=tab == "followup", **extra)
    listed = [_row(r, account, scope, now) for r in rows]
    if not by_timer:
        total = rows[0]["total"] if rows else _count(conn, scope, account, states, now, filters, extra)
        return {"tab": tab, "total": total, "page": page, "page_size": PAGE_SIZE, "cases": listed}
    listed.sort(key=_urgency)
    if filters.colour is not None:
        listed = [c for c in listed if (c["timer"] or {}).get("colour", "none") == filters.colour]
    return {"tab": tab, "total": len(listed), "page": page, "page_size": PAGE_SIZE,
            "cases": listed[start:start + PAGE_SIZE]}


def seen_case(conn, case_id, account, scope, now=None):
    """The workbench row of one case the account sees; :class:`~grids.errors.NoSuchCase`, or
    :class:`~grids.errors.OutOfScope` for a case outside its area that it neither handles, co-handles nor
    was called to."""
    rows = _rows(conn, scope, account.get("person_id"), loop.STATES, case_id=case_id, now=now)
    if rows:
        return _row(rows[0], account, scope, clock.resolve(now))
    try:
        loop.get_case(conn, case_id)
    except CaseError:
        raise NoSuchCase(f"no case {case_id}", case=case_id) from None
    raise OutOfScope(f"case {case_id} lies outside your area and is not yours", case=case_id)


def case_page(conn, case_id, account, scope, now=None):
    """One case whole: its row, history, photos, linked tickets, calls, co-handlers and cell outline."""
    now = clock.resolve(now)
    case = seen_case(conn, case_id, account, scope, now)
    history = [{**{k: e[k] for k in ("version", "action", "from_state", "to_state", "by_name", "by_role",
                                     "details")},
                "label": loop.ACTIONS[e["action"]].label if e["action"] in loop.ACTIONS else e["action"],
                "at": _iso(e["at"]), "note": mask_phones_in(e["note"])} for e in loop.case_history(conn, case_id)]
    pictures = [{"id": p["id"], "uploaded_at": _iso(p["uploaded_at"]), "uploaded_by_name": p["uploaded_by_name"]}
                for p in photos.photos_of(conn, case_id)]
    return {**case, "history": history, "photos": pictures, "linked": _linked(conn, case_id),
            "whistles": whistles(conn, case_id, now), "co_handlers": _people(conn, case["co_handler_ids"]),
            "outline": _outline(conn, case)}


def whistles(conn, case_id, now):
    """The case's calls (吹哨): department, due, answered, and ``late`` (answered after due, or not
    answered when due has passed)."""
    found = _dicts(conn, "desk_whistles", id=case_id)
    for w in found:
        w["late"] = (w["answered_at"] or now) > w["due_at"]
        for key in ("whistled_at", "due_at", "answered_at"):
            w[key] = _iso(w[key])
    return found


def _count(conn, scope, account, states, now, filters, extra):
    """The rows of a tab whose page came back empty (a page past the last): counted with a page of one."""
    rows = _rows(conn, scope, account.get("person_id"), states, now=now, filters=filters, page=(1, 0), **extra)
    return rows[0]["total"] if rows else 0


def _rows(conn, scope, person, states, *, now, case_id=None, filters=Filters(), returned=None, overdue=False,
          supervised=None, page=None, newest_closed=False):
    limit, offset = page or (None, 0)
    return _dicts(conn, "desk_cases", id=case_id, scope=list(scope), person=person, states=list(states),
                  limit=limit, offset=offset, newest_closed=newest_closed,
                  returned=returned, overdue_at=now if overdue else None,
                  supervised=filters.supervised if supervised is None else supervised,
                  category=filters.category, channel=filters.channel, level=filters.level,
                  handler=filters.handler, repeat=filters.repeat,
                  bounced_over=BOUNCE_LIMIT if filters.bounced else None)


def _row(row, account, scope, now):
    """What a desk shows of a case: no reporter; phone numbers in texts masked; its timer; its flags."""
    row["in_area"] = bool({row["district_code"], row["street_code"], row["community_code"],
                           row["grid_code"]} & set(scope))
    timer = time_limits.timer(row, now) if row["time_limit_hours"] else None
    return {
        **{k: row[k] for k in ("id", "source_ref", "channel", "category_code", "category_name", "category_name_en",
                               "status", "district_code", "street_code", "community_code", "grid_code",
                               "handler_person_id", "handler_name", "handler_code", "handler_level", "urge_count",
                               "escalation_count", "return_count", "repeat_of", "rating", "direct_answer",
                               "co_handler_ids", "whistled_to_me", "in_area")},
        "title": mask_phones_in(row["title"]), "address": mask_phones_in(row["address"]),
        "reported_at": _iso(row["reported_at"]), "closed_at": _iso(row["closed_at"]),
        "version": row["case_version"], "supervised": row["supervised_at"] is not None,
        "bounced": row["return_count"] > BOUNCE_LIMIT, "returned": row["returned_at"] is not None,
        "timer": _timer(timer, row, now), "lon": _round(row["lon"]), "lat": _round(row["lat"]),
        "actions": actions.allowed_now(row, account),
    }


def _timer(timer, row, now):
    if timer is None:
        return None
    left = row["deadline"] - (row["clock_paused_at"] or now)
    return {"colour": timer["colour"], "fraction": timer["fraction"], "deadline": _iso(row["deadline"]),
            "hours_left": round(left.total_seconds() / 3600, 2), "running": timer["running"],
            "limit_hours": timer["limit_hours"]}


def _urgency(case):
    timer = case["timer"]
    colour = timer["colour"] if timer else None
    return URGENCY[colour], timer["hours_left"] if timer else float("inf"), case["reported_at"], case["id"]


def _linked(conn, case_id):
    return [{**r, "reported_at": _iso(r["reported_at"]), "title": mask_phones_in(r["title"])}
            for r in _dicts(conn, "desk_linked", id=case_id)]


def _people(conn, ids):
    return _dicts(conn, "desk_people_named", ids=list(ids or ())) if ids else []


def _outline(conn, case):
    generation = generations.current_generation(conn)
    code = case["grid_code"] or case["community_code"]
    if generation is None or code is None:
        return None
    with conn.cursor() as cur:
        cur.execute(load("grids.desk", "desk_cell_outline"), {"code": code, "generation": generation})
        row = cur.fetchone()
    return {"code": row[0], "name": row[1], "geometry": json.loads(row[2])} if row else None


def _dicts(conn, name, **params):
    with conn.cursor() as cur:
        cur.execute(load("grids.desk", name), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def _iso(when):
    return when.astimezone(clock.SHANGHAI).isoformat() if when else None


def _round(value):
    return None if value is None else round(float(value), 6)
