"""Routing and escalation: who gets a case, at which level of the cell hierarchy.

Concept: escalation follows the cells, not an org chart. A case is dispatched to the grid member of the
incident's grid (or, by category, to a department); a case its level cannot resolve moves up
grid → community → street → district (小事不出村、大事不出街道), by decision or automatically once it
has used ``DEFAULT_ESCALATE_AFTER`` times its limit, and is dispatched to whoever is responsible for the
incident's cell at the new level (:func:`grids.people.responsible_person`). A department's case
escalates to the district (the command centre coordinates the departments); the district is the top.
"""
from grids import people
from grids.errors import CaseError, PersonError

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
        person = people.find_person(conn, to)
        level = people.handler_level(person["role"]) or level
        return _handler(level, case.get(f"{level}_code"), person)
    if level == "department":
        person = people.department_for(conn, case["category_code"])
        where = f"category {case['category_code']}"
    else:
        cell = case.get(f"{level}_code")
        if cell is None and not unstaffed_ok:
            raise CaseError(f"case {case['id']} is not placed at {level} level; place the incident or "
                            "name the handler", case=case["id"], level=level)
        person = people.responsible_person(conn, level, cell)
        where = f"{level} {cell}"
    if person is None and not unstaffed_ok:
        raise PersonError(f"nobody handles cases of {where}; assign someone or name the handler",
                          case=case["id"], level=level)
    return _handler(level, case.get(f"{level}_code"), person)


def _handler(level, cell, person):
    return {"handler_level": level, "handler_cell_code": None if level == "department" else cell,
            "handler_person_id": person["id"] if person else None}
