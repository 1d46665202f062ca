"""Writing the address register from a district's file: each line attached to its micro-grid, the lines
it replaces kept, the lines that fit no micro-grid reported.

Concept: a register file (标准地址库 export) has a line per door plate, building, unit — often per room —
with its parts and, in most layouts, a point or the micro-grid's code. A line is *attached*:

1. by its cell code, when it names a building or stairwell micro-grid of the working generation;
2. else by its point: a line naming a unit goes to the stairwell holding the point, any other line to
   the building holding it.

A line that is attached nowhere (an unknown code, a point in no building, neither code nor point) is
skipped and reported with its row and reason: the district's register is larger than its mapped
buildings, and an import must not refuse a whole street for one unmapped gate. Lines of one micro-grid
that say the same address (a room-level register has one per room) are one line; lines of one
micro-grid that disagree are reported and the first stands. A file updates the lines it names and
leaves the others; a line it changes is kept in ``standard_address_history`` with the import that
replaced it, so nothing a register held is lost.
"""
import json
from dataclasses import dataclass, field

from gis.sqlfiles import load
from grids.cells import generations

PARTS = ("compound", "road", "door_number", "building_number", "unit", "full_address", "address_code")


@dataclass
class RegisterLine:
    """One line of a register file, its parts already in the register's form (135号, 6号楼, 4单元)."""

    row: int
    parts: dict
    cell_code: str | None = None
    lon: float | None = None
    lat: float | None = None


@dataclass
class RegisterResult:
    """What an import did: counts, and the rows it skipped with their reasons."""

    source: str
    rows: int = 0
    lines: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    by_code: int = 0
    by_point: int = 0
    skipped: list = field(default_factory=list)   # {"row", "reason", "address"}

    def as_dict(self):
        return {"file": self.source, "rows": self.rows, "lines": self.lines, "added": self.added,
                "updated": self.updated, "unchanged": self.unchanged,
                "attached": {"by_code": self.by_code, "by_point": self.by_point},
                "skipped": len(self.skipped), "skipped_rows": self.skipped}


def save_register(conn, lines, source):
    """Attach ``lines`` (:class:`RegisterLine`) to micro-grids and write them; return the
    :class:`RegisterResult` (see the module comment for the rules)."""
    result = RegisterResult(source, rows=len(lines))
    generation = generations.working_generation(conn)
    if generation is None:
        result.skipped = [_skip(line, "no boundaries: import the micro-grids first") for line in lines]
        _record(conn, result)
        return result
    attached = _attach(conn, lines, generation, result)
    chosen = _one_per_cell(attached, result)
    _write(conn, chosen, result)
    return result


def register_history(conn, cell_code):
    """The lines ``cell_code`` had before, newest first (dicts), with the file that replaced each."""
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "register_history_of"), {"cell_code": cell_code})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def register_lines(conn, generation):
    """Every line of ``generation``'s micro-grids (dicts) with the names of its community, street and
    district and a point inside its micro-grid (``lon``, ``lat``, EPSG:4490): the register as an office
    exports it."""
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "register_export"), {"generation": generation})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def _attach(conn, lines, generation, result):
    """(line, cell code) for every line attached; the others go to ``result.skipped``."""
    coded = [line for line in lines if line.cell_code]
    pointed = [line for line in lines if not line.cell_code and line.lon is not None]
    known = _cells_by_code(conn, [line.cell_code for line in coded], generation)
    at_point = _cells_at_points(conn, pointed, generation)
    attached = []
    for line in lines:
        if line.cell_code:
            cell = line.cell_code if line.cell_code in known else None
            reason = f"cell code {line.cell_code} is no building or stairwell of generation {generation}"
            result.by_code += cell is not None
        elif line.lon is not None:
            cell = _cell_for_point(line, at_point.get(line.row, {}))
            reason = ("no stairwell at the point" if line.parts.get("unit") else "no building at the point")
            result.by_point += cell is not None
        else:
            cell, reason = None, "neither a cell code nor a point"
        if cell is None:
            result.skipped.append(_skip(line, reason))
        else:
            attached.append((line, cell))
    return attached


def _cells_by_code(conn, codes, generation):
    if not codes:
        return set()
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "register_cells_by_code"), {"codes": codes, "generation": generation})
        return {code for code, kind in cur.fetchall() if kind in ("building", "stairwell")}


def _cells_at_points(conn, lines, generation):
    """Row → {"building": code, "stairwell": code} for the points of ``lines``."""
    if not lines:
        return {}
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "register_cells_at_points"), {
            "rows": [line.row for line in lines], "lon": [line.lon for line in lines],
            "lat": [line.lat for line in lines], "generation": generation})
        found = {}
        for row, code, kind in cur.fetchall():
            found.setdefault(row, {}).setdefault(kind, code)
        return found


def _cell_for_point(line, cells):
    return cells.get("stairwell") if line.parts.get("unit") else cells.get("building")


def _one_per_cell(attached, result):
    """Cell → line: the first line of each cell; a later one saying another address is reported."""
    chosen = {}
    for line, cell in attached:
        first = chosen.get(cell)
        if first is None:
            chosen[cell] = line
        elif _address(first) != _address(line):
            result.skipped.append(_skip(line, f"micro-grid {cell} has another address in row {first.row}"))
    return chosen


def _address(line):
    return tuple(line.parts.get(p) for p in PARTS if p != "address_code")


def _write(conn, chosen, result):
    codes = list(chosen)
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "register_lines_of"), {"codes": codes})
        stored = {row[0]: dict(zip(PARTS, row[1:])) for row in cur.fetchall()}
    changed = [code for code, line in chosen.items() if code in stored and _stored_form(line) != stored[code]]
    new = [code for code in codes if code not in stored]
    result.lines, result.added, result.updated = len(chosen), len(new), len(changed)
    result.unchanged = len(chosen) - len(new) - len(changed)
    import_id = _record(conn, result)
    with conn.cursor() as cur:
        if changed:
            cur.execute(load("grids.addresses", "register_history_keep"), {"codes": changed, "import_id": import_id})
        written = [(code, _stored_form(chosen[code])) for code in (*new, *changed)]
        cur.execute(load("grids.addresses", "register_line_upsert"), {
            "cell_code": [code for code, _ in written],
            **{part: [line[part] for _, line in written] for part in PARTS}})


def _stored_form(line):
    return {part: line.parts.get(part) or None for part in PARTS}


def _skip(line, reason):
    return {"row": line.row, "reason": reason, "address": line.parts.get("full_address")}


def _record(conn, result):
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "address_import_record"),
                    {"what": "addresses", "source": result.source, "summary": _summary(result)})
        return cur.fetchone()[0]


def _summary(result):
    summary = result.as_dict()
    summary["skipped_rows"] = summary["skipped_rows"][:1000]
    return json.dumps(summary, ensure_ascii=False)
