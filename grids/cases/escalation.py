"""Routing and escalation: who gets a case, at which level of the cell hierarchy.

Concept: escalation follows the cells, not an org chart. A case is dispatched to the grid member of the
incident's grid (or, by category, to a department); a case its level cannot resolve moves up
grid → community → street → district (小事不出村、大事不出街道), by decision or automatically once it
has used ``DEFAULT_ESCALATE_AFTER`` times its limit, and is dispatched to whoever is responsible for the
incident's cell at the new level (:func:`grids.people.roster.responsible_person`). A department's case
escalates to the district (the command centre coordinates the departments); the district is the top.

Routing looks at the boundaries of *now*: an incident keeps the cells it was placed in, but once a
publication has removed or redrawn its grid, a case of it goes to the grid of the current generation
that holds the incident now (:func:`current_grid`), and to that grid's member.
"""
from gis.sqlfiles import load
from grids.cells import generations
from grids.errors import CaseError, PersonError
from grids.people import roster

LADDER = ("grid", "community", "street", "district")
DEFAULT_ESCALATE_AFTER = 2.0   # times the limit


def next_level(level):
    """The level above ``level`` (``'department'`` → ``'district'``), or None at the top."""
    if level == "department":
        return "district"
    index = LADDER.index(level)
    return LADDER[index + 1] if index + 1 < len(LADDER) else None


def handler_at(conn, case, level, to=None, unstaffed_ok=False):
    """The handler columns for ``case`` at ``level``: the person ``to`` (a code or id) or the responsible one.

    Without a responsible person (or a cell at that level) this raises, unless ``unstaffed_ok``
    (automatic escalation must not stall): the case then waits at the level with no person.
    """
    if to is not None:
        person = roster.find_person(conn, to)
        level = roster.handler_level(person["role"]) or level
        return _handler(level, _cell_now(conn, case, level), person)
    if level == "department":
        person = roster.department_for(conn, case["category_code"])
        cell, where = None, f"category {case['category_code']}"
    else:
        if case.get(f"{level}_code") is None and not unstaffed_ok:
            raise CaseError(f"case {case['id']} is not placed at {level} level; place the incident or "
                            "name the handler", case=case["id"], level=level)
        cell = _cell_now(conn, case, level)
        person = roster.responsible_person(conn, level, cell)
        where = f"{level} {cell}" + (f" (it holds the incident, placed in {case['grid_code']})"
                                     if level == "grid" and cell != case["grid_code"] else "")
    if person is None and not unstaffed_ok:
        raise PersonError(f"nobody handles cases of {where}; assign someone or name the handler",
                          case=case["id"], level=level)
    return _handler(level, cell, person)


def _cell_now(conn, case, level):
    """The incident's cell at ``level`` as routing sees it: at grid level the grid holding it now."""
    if level == "grid" and case.get("grid_code") is not None:
        return current_grid(conn, case)
    return case.get(f"{level}_code")


def current_grid(conn, case):
    """The grid of the current generation that holds the incident of ``case`` now (see
    ``escalation_current_grid.sql`` for the order of the rules): its own grid while that is unchanged,
    else its building's grid or the grid holding its point. Falls back on the grid it was placed in
    when there is no published generation, or no grid succeeds it."""
    current = generations.current_generation(conn)
    if current is None:
        return case["grid_code"]
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "escalation_current_grid"), {"id": case["id"], "current": current})
        row = cur.fetchone()
    return (row[0] if row else None) or case["grid_code"]


def _handler(level, cell, person):
    return {"handler_level": level, "handler_cell_code": None if level == "department" else cell,
            "handler_person_id": person["id"] if person else None}
