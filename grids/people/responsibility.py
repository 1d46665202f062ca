"""The responsibility list (权责清单): which department handles which category of matters.

Concept: a centre dispatches "to the department" by the list its government publishes — category →
department, the matter in words and its legal basis. A line for a category covers its sub-categories
that have no line of their own; without any line, the departments' own categories in the people file
decide (:func:`grids.people.roster.department_for` reads both, the list first). The list is edited a
line at a time (the workbench) or replaced from a file (``gridgov departments import-list``); every
line keeps who changed it last. Saving checks every line first and writes all or nothing.
"""
from gis.sqlfiles import load
from grids import limits
from grids.errors import ImportRefused

FIELD_LIMITS = {"category": limits.CATEGORY, "department": limits.NAME, "matter": limits.NOTE,
                "basis": limits.NOTE}


def responsibility_list(conn):
    """Every line: category (code and name), department (id, code, name), matter, basis, updated_at, operator."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "responsibility_list"))
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def save_lines(conn, lines, source="the list"):
    """Write ``lines`` (dicts: ``category``, ``department`` — a department's code, id or name —, ``matter``,
    ``basis``, optional ``row``) after checking all of them; :class:`ImportRefused` lists every problem
    (``row N: field: reason``) and nothing is written. Returns how many lines were saved."""
    departments = _departments(conn)
    known = _known_categories(conn, [line.get("category") or "" for line in lines])
    problems, resolved, first_row = [], [], {}
    for number, line in enumerate(lines, start=1):
        row = line.get("row", number)
        found = _line_problems(line, known, departments)
        if not found and first_row.setdefault(line["category"], row) != row:
            found.append(f"category: {line['category']} is listed already in row {first_row[line['category']]}")
        problems += [f"row {row}: {p}" for p in found]
        if not found:
            resolved.append({"category": line["category"], "department": departments[line["department"]]["id"],
                             "matter": line.get("matter") or None, "basis": line.get("basis") or None})
    if problems:
        raise ImportRefused(f"{source}: {len(problems)} problem(s); nothing was written", problems)
    with conn.cursor() as cur:
        cur.executemany(load("grids.people", "responsibility_upsert"), resolved)
    return len(resolved)


def _line_problems(line, known, departments):
    found = [f"{field}: {problem}" for field, maximum in FIELD_LIMITS.items()
             if (problem := limits.text_problem(line.get(field) or "", maximum))]
    if found:
        return found
    if not line.get("category"):
        found.append("category: empty")
    elif line["category"] not in known:
        found.append(f"category: no category {line['category']!r}")
    if not line.get("department"):
        found.append("department: empty")
    elif line["department"] not in departments:
        found.append(f"department: no department {line['department']!r} (by code, id or name)")
    return found


def _departments(conn):
    """Each department under its code, its id (as text) and its name."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "responsibility_departments"))
        rows = [dict(zip(("id", "code", "name"), row)) for row in cur.fetchall()]
    by_key = {}
    for row in rows:
        for key in (row["name"], str(row["id"]), row["code"]):
            if key:
                by_key[key] = row
    return by_key


def _known_categories(conn, codes):
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "category_codes_known"), {"codes": codes})
        return {row[0] for row in cur.fetchall()}


def departments(conn):
    """Every department (id, code, name) with its open cases and the categories the list gives it:
    the choices of a dispatch to a department."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "people_departments"))
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
