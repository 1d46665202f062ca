"""People, their roles and what they are responsible for.

Concept: responsibility follows the cell hierarchy. A grid member (网格员) is assigned to one or more
grids, a building head (楼长/楼道长) to micro-grids, community and street staff to their community or
street (and so to the whole subtree below it), command-centre staff to the district; a department (部门)
is assigned to categories instead of cells. Who handles a case at a level is whoever is assigned to the
incident's cell at that level (:func:`responsible_person`) or, for a department, to its category
(:func:`department_for`); among several, the one with the fewest open cases.

A person's ``code`` (工号) is the stable key files use; ``id`` is the database's.
"""
import re

from gis.sqlfiles import load
from grids.cells import generations
from grids.errors import ImportRefused, PersonError

ROLES = {
    "grid_member": "网格员", "grid_head": "网格长", "building_head": "楼长", "community_staff": "社区工作人员",
    "street_staff": "街道工作人员", "department": "部门", "command_staff": "指挥中心", "planner": "规划",
    "admin": "管理员",
}
ROLE_ALIASES = {"楼道长": "building_head", "社区": "community_staff", "街道": "street_staff",
                "指挥中心工作人员": "command_staff", "部门处置人员": "department"}
# The cell levels each role may be assigned to (a department: categories, planners and admins: nothing).
ASSIGNED_LEVELS = {
    "grid_member": ("grid",), "grid_head": ("grid", "community"), "building_head": ("microgrid",),
    "community_staff": ("community",), "street_staff": ("street",), "command_staff": ("district",),
    "department": (), "planner": (), "admin": (),
}
# Who handles a case at each level of the hierarchy, in order of preference.
HANDLER_ROLES = {
    "grid": ["grid_member", "grid_head"], "community": ["community_staff"], "street": ["street_staff"],
    "district": ["command_staff"],
}
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")


def role_code(text):
    """A role's code from its code or Chinese name (``'网格员'`` → ``'grid_member'``), else None."""
    text = (text or "").strip()
    if text in ROLES:
        return text
    by_label = {label: code for code, label in ROLES.items()}
    return by_label.get(text) or ROLE_ALIASES.get(text)


def handler_level(role):
    """The level a person of ``role`` handles cases at (``'department'`` for departments), or None."""
    for level, roles in HANDLER_ROLES.items():
        if role in roles:
            return level
    return "department" if role == "department" else None


def find_person(conn, ref):
    """The person whose code (or id) is ``ref``, as a dict; raises :class:`PersonError` if none."""
    with conn.cursor() as cur:
        ref = str(ref)
        cur.execute(load("grids.people", "people_find"), {"ref": ref, "id": int(ref) if ref.isdigit() else None})
        row = cur.fetchone()
        if row is None:
            raise PersonError(f"no person with code or id {ref}", person=str(ref))
        return dict(zip([d[0] for d in cur.description], row))


def list_people(conn, role=None, cell_code=None):
    """People (optionally of ``role``, or assigned to ``cell_code``) with cells, categories, open cases."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "people_list"), {"role": role, "cell": cell_code})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def responsible_person(conn, level, cell_code):
    """Who handles cases of ``cell_code`` at ``level`` (grid … district), as a dict, or None."""
    if cell_code is None:
        return None
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "people_responsible"), {"cell": cell_code, "roles": HANDLER_ROLES[level]})
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None


def department_for(conn, category_code):
    """The department that handles ``category_code`` (or its parent category), as a dict, or None."""
    if category_code is None:
        return None
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "people_department"), {"category": category_code})
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None


def add_person(conn, name, role, *, phone=None, code=None, cells=(), categories=()):
    """Add one person with their assignments (checked as an import row is); return the id."""
    person = {"name": name, "role": role, "phone": phone, "code": code, "cells": list(cells),
              "categories": list(categories)}
    return save_people(conn, [person])["ids"][0]


def save_people(conn, people):
    """Insert or update people (dicts: ``name``, ``role``, optional ``id``, ``code``, ``phone``,
    ``cells``, ``categories``, ``row``) and replace their assignments; all or nothing.

    A person is matched by ``id``, else by ``code``; others are added. A masked phone (137****5678)
    keeps the stored number. Raises :class:`ImportRefused` listing every problem, having written nothing.
    Returns ``{"added": n, "updated": n, "ids": [...]}``.
    """
    problems = people_problems(conn, people)
    if problems:
        raise ImportRefused("the people have problems; nothing was written", problems)
    known = _known_people(conn, people)
    added, ids = 0, []
    with conn.cursor() as cur:
        for person in people:
            params = {**person, "id": person.get("id") or known["by_code"].get(person.get("code")),
                      "phone": person.get("phone") or None, "code": person.get("code") or None}
            cur.execute(load("grids.people", "people_save"), params)
            person_id, is_new = cur.fetchone()
            cur.execute(load("grids.people", "people_assign"), {"person": person_id, "cells": person.get("cells", []),
                                                          "categories": person.get("categories", [])})
            added += is_new
            ids.append(person_id)
    return {"added": added, "updated": len(people) - added, "ids": ids}


def _known_people(conn, people):
    """Stored ids, and ids by code, of the people the rows name."""
    codes = [p["code"] for p in people if p.get("code")]
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "people_known"),
                    {"codes": codes, "ids": [int(p["id"]) for p in people if p.get("id")]})
        rows = cur.fetchall()
    return {"ids": {i for i, _ in rows}, "by_code": {c: i for i, c in rows if c}}


def people_problems(conn, people):
    """Everything wrong with ``people`` (as :func:`save_people` takes them), as ``'row N: field: reason'``."""
    known = _known_people(conn, people)
    levels = _cell_levels(conn, [c for p in people for c in p.get("cells", [])])
    categories = _existing_categories(conn, [c for p in people for c in p.get("categories", [])])
    problems, seen = [], {}
    for number, person in enumerate(people, start=1):
        where = f"row {person.get('row', number)}"
        problems += [f"{where}: {field}: {reason}" for field, reason in
                     _person_problems(person, known, levels, categories)]
        code = person.get("code")
        if code and code in seen:
            problems.append(f"{where}: code: {code} also on row {seen[code]}")
        seen.setdefault(code, person.get("row", number))
    return problems


def _person_problems(person, known, levels, categories):
    """``(field, reason)`` for everything wrong with one person."""
    role, phone = person.get("role"), person.get("phone") or ""
    found = []
    if not (person.get("name") or "").strip():
        found.append(("name", "a name is required"))
    if role not in ROLES:
        found.append(("role", f"unknown role {role!r}; roles: {', '.join(ROLES)}"))
    if person.get("id") and int(person["id"]) not in known["ids"]:
        found.append(("id", f"no person with id {person['id']}"))
    owner = known["by_code"].get(person.get("code"))
    if person.get("id") and owner and owner != int(person["id"]):
        found.append(("code", f"{person['code']} belongs to person {owner}"))
    if "*" in phone and not (person.get("id") or owner):
        found.append(("phone", "a masked number cannot be stored for a new person"))
    elif phone and "*" not in phone and not _PHONE.match(phone):
        found.append(("phone", f"{phone!r} is not a phone number"))
    return found + _assignment_problems(person, role, levels, categories)


def _assignment_problems(person, role, levels, categories):
    allowed = ASSIGNED_LEVELS.get(role, ())
    found = []
    for cell in person.get("cells", []):
        if cell not in levels:
            found.append(("cells", f"no cell {cell} in the current generation"))
        elif levels[cell] not in allowed:
            what = " or ".join(allowed) if allowed else "no cells"
            found.append(("cells", f"{cell} is a {levels[cell]}; a {role} is assigned to {what}"))
    for category in person.get("categories", []):
        if role != "department":
            found.append(("categories", f"only a department is assigned to categories, not a {role}"))
            break
        if category not in categories:
            found.append(("categories", f"no category {category}"))
    return found


def _cell_levels(conn, codes):
    if not codes:
        return {}
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "people_cell_levels"), {"codes": codes, "generation": generation})
        return dict(cur.fetchall())


def _existing_categories(conn, codes):
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "category_codes_known"), {"codes": codes})
        return {row[0] for row in cur.fetchall()}
