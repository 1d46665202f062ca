"""What publishing a new generation hands over: grid members to the grids that replace theirs, and
open cases to the members now responsible for them.

Concept:

- **Members.** A grid the new generation removed hands its members (grid members and grid heads) to
  the new grid — a code the previous generation did not have, of the same kind — that keeps most
  (more than half) of its area. When several removed grids would hand over to one new grid, the one
  that gives it the most area does; the others' members lose the grid. A new grid nobody hands over
  to stays without a member, which the ``grids_without_member`` check reports. Assignments to
  re-coded micro-grids (building heads) follow the code change log one to one. Kept codes keep their
  members: assignments are by code.
- **Cases.** An open case handled at grid level whose grid changed (removed, or redrawn) goes to the
  grid of the new generation holding the incident's point (else the one holding most of the old
  grid's area) and to the person responsible for it there (:func:`grids.people.roster.responsible_person`).
  This is a ``redispatch`` event of its own in the case history (改派 after a boundary change): the
  state and the clock do not change, and the incident keeps its cell codes and generation — it
  happened where it happened.
- Everyone concerned gets a notification (:mod:`grids.people.notifications`).

:func:`member_handover` answers the member question for any two generations (the draft against the
current one, before publishing); :func:`hand_over` applies it all once a generation is published.
"""
import json

from gis.sqlfiles import load
from grids import clock
from grids.cases.loop import OPEN
from grids.people import notifications, roster

MAJORITY = 0.5


def member_handover(conn, base, new):
    """Who the grids removed between ``base`` and ``new`` hand their members to.

    Returns ``{"carried": [{old_code, new_code, share, person_ids}], "lost": [{old_code, person_ids}],
    "without_member": [new codes nobody hands over to]}``.
    """
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "handover_grids"), {"base": base, "new": new})
        removed = [dict(zip([d[0] for d in cur.description], row)) for row in cur.fetchall()]
        cur.execute(load("grids.planning", "handover_added_grids"), {"base": base, "new": new})
        added = [row[0] for row in cur.fetchall()]
    heirs = {}
    for grid in removed:
        if grid["new_code"] and grid["share"] > MAJORITY:
            best = heirs.get(grid["new_code"])
            if best is None or grid["overlap_m2"] > best["overlap_m2"]:
                heirs[grid["new_code"]] = grid
    carried = [{"old_code": g["old_code"], "new_code": code, "share": round(g["share"], 4),
                "person_ids": list(g["person_ids"])} for code, g in sorted(heirs.items())]
    handed = {g["old_code"] for g in carried}
    lost = [{"old_code": g["old_code"], "person_ids": list(g["person_ids"])}
            for g in removed if g["old_code"] not in handed and g["person_ids"]]
    return {"carried": carried, "lost": lost, "without_member": [c for c in added if c not in heirs],
            "removed": [g["old_code"] for g in removed]}


def hand_over(conn, base, new, *, by_person_id=None, now=None):
    """Apply the hand-over of a just published generation ``new`` (the previous current was ``base``).

    Returns ``{"members": member_handover(...), "cases": [{case, from_cell, to_cell, from_person,
    to_person}], "notifications": n}``.
    """
    members = member_handover(conn, base, new)
    pairs = [(p, g["new_code"]) for g in members["carried"] for p in g["person_ids"]]
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "handover_members"), {
            "person_ids": [p for p, _ in pairs], "new_codes": [c for _, c in pairs],
            "removed": members["removed"], "new": new})
    sent = _notify_members(conn, members, new)
    cases = _redispatch(conn, base, new, by_person_id, clock.resolve(now))
    sent += _notify_cases(conn, cases, new)
    return {"members": members, "cases": cases, "notifications": sent}


def _redispatch(conn, base, new, by_person_id, now):
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "handover_cases"), {"base": base, "new": new, "open": list(OPEN)})
        rows = [dict(zip([d[0] for d in cur.description], row)) for row in cur.fetchall()]
    responsible, moved = {}, []
    for case in rows:
        cell = case["new_cell_code"]
        if cell not in responsible:
            person = roster.responsible_person(conn, "grid", cell)
            responsible[cell] = person["id"] if person else None
        move = {"case": case["id"], "from_cell": case["handler_cell_code"], "to_cell": cell,
                "from_person": case["handler_person_id"], "to_person": responsible[cell]}
        if (move["from_cell"], move["from_person"]) == (cell, move["to_person"]):
            continue
        with conn.cursor() as cur:
            cur.execute(load("grids.planning", "handover_case_update"), {
                "id": case["id"], "version": case["case_version"], "cell": cell, "person": move["to_person"],
                "at": now, "by": by_person_id, "note": f"网格调整改派 (generation {new}): "
                                                        f"{move['from_cell']} → {cell or '-'}",
                "details": json.dumps({"generation": new, "handler_cell_code": cell,
                                       "handler_person_id": move["to_person"], "from_cell": move["from_cell"],
                                       "from_person": move["from_person"]})})
            if cur.fetchone():
                moved.append(move)
    return moved


def _notify_members(conn, members, new):
    sent = 0
    for grid in members["carried"]:
        for person in grid["person_ids"]:
            notifications.notify(conn, person, "grid_changed",
                                 f"网格调整：您负责的网格 {grid['old_code']} 自第 {new} 版起由网格 {grid['new_code']} 接替",
                                 {"generation": new, "old_code": grid["old_code"], "new_code": grid["new_code"]})
            sent += 1
    for grid in members["lost"]:
        for person in grid["person_ids"]:
            notifications.notify(conn, person, "grid_lost",
                                 f"网格调整：网格 {grid['old_code']} 自第 {new} 版起撤销，请等待重新分配",
                                 {"generation": new, "old_code": grid["old_code"]})
            sent += 1
    return sent


def _notify_cases(conn, cases, new):
    sent = 0
    for move in cases:
        details = {"generation": new, "case": move["case"], "from_cell": move["from_cell"],
                   "to_cell": move["to_cell"]}
        if move["to_person"] is not None:
            notifications.notify(conn, move["to_person"], "case_redispatched",
                                 f"案件 {move['case']} 因网格调整改派给您（网格 {move['to_cell']}）", details)
            sent += 1
        if move["from_person"] is not None and move["from_person"] != move["to_person"]:
            notifications.notify(conn, move["from_person"], "case_moved_away",
                                 f"案件 {move['case']} 因网格调整已转至网格 {move['to_cell']}", details)
            sent += 1
    return sent
