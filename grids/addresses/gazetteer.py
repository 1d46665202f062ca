"""The gazetteer (地名库): place names a caller says instead of an address, and what each means.

Concept: "中韩农贸市场内", "实验学校门口", "海信小区" for 海信花园 — a ticket often names a place, not a door
plate. A place name means a cell (a market's dedicated grid, a school's building, a park's grid) or,
for a compound's other name (小区别名), a compound of the register, which is then matched like the
compound itself. Names come from two sources: the gazetteer file (:func:`save_places`) and the
dedicated grids themselves, whose names (中韩农贸市场专属网格) say the place they were drawn around
(:func:`dedicated_grid_places`).

An import is all or nothing: every problem is reported by row and field, and then nothing is written.
A name the file gives a new meaning retires the old one (kept, with when); names the file does not
give stay as they are.
"""
import json
import re

from gis.sqlfiles import load
from grids import limits
from grids.cells import generations
from grids.errors import ImportRefused

ALIAS_KINDS = ("小区别名", "别名", "alias")      # a kind that makes the name another name of a compound
GRID_SUFFIX = re.compile(r"(专属网格|专属|网格)$")
MIN_NAME = 3  # shorter names (市场, 学校) would match inside other words


def save_places(conn, places, source):
    """Check and write ``places`` (dicts: ``row``, ``name``, ``kind``, and one of ``cell_code``,
    ``compound`` or ``lon``/``lat`` in EPSG:4490); return ``{file, names, added, changed, unchanged}``."""
    generation = generations.working_generation(conn)
    at_point = _cells_at_points(conn, [p for p in places if p.get("lon") is not None], generation)
    known = _cells_by_code(conn, [p["cell_code"] for p in places if p.get("cell_code")], generation)
    compounds = _compounds(conn)
    problems, meaning, first_row = [], {}, {}
    for place in places:
        found, target = _place_problems(place, known, compounds, at_point)
        name = place.get("name")
        if not found and name in meaning and meaning[name] != target:
            found.append(f"name: {name} means something else in row {first_row[name]}")
        problems += [f"row {place['row']}: {p}" for p in found]
        if not found:
            meaning.setdefault(name, target)
            first_row.setdefault(name, place["row"])
    if problems:
        raise ImportRefused(f"{source}: {len(problems)} problem(s); nothing was written", problems)
    return _write(conn, meaning, source)


def current_places(conn):
    """The current names: dicts of ``name``, ``kind``, ``cell_code``, ``compound``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "places_current"))
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def dedicated_grid_places(names):
    """Place names the dedicated grids give: ``names`` ({code: grid name}) → {place name: code};
    中韩农贸市场专属网格 gives 中韩农贸市场."""
    places = {}
    for code, name in names.items():
        place = GRID_SUFFIX.sub("", name or "")
        if len(place) >= MIN_NAME:
            places[place] = code
    return places


def _place_problems(place, known, compounds, at_point):
    """The problems of one row, and (kind, cell code, compound) when it has none."""
    found = [f"{f}: {problem}" for f, maximum in (("name", limits.NAME), ("kind", limits.CATEGORY))
             if (problem := limits.text_problem(place.get(f) or "", maximum))]
    name, kind = place.get("name") or "", place.get("kind") or ""
    if not name:
        found.append("name: empty")
    elif len(name) < MIN_NAME:
        found.append(f"name: {name!r} is shorter than {MIN_NAME} characters and would match inside other words")
    if found:
        return found, None
    if kind in ALIAS_KINDS or place.get("compound"):
        compound = place.get("compound")
        if not compound:
            return [f"compound: a {kind or 'alias'} names the compound it stands for"], None
        if compound not in compounds:
            return [f"compound: {compound!r} is no compound of the address register"], None
        return [], (kind or "小区别名", None, compound)
    if place.get("cell_code"):
        if place["cell_code"] not in known:
            return [f"cell_code: {place['cell_code']!r} is no cell of the working generation"], None
        return [], (kind, place["cell_code"], None)
    if place.get("lon") is not None:
        cell = at_point.get(place["row"])
        return ([f"point: ({place['lon']:.6f}, {place['lat']:.6f}) lies in no cell"], None) if cell is None \
            else ([], (kind, cell, None))
    return ["cell_code: a place needs a cell code, a point or the compound it stands for"], None


def _cells_by_code(conn, codes, generation):
    if not codes or generation is None:
        return set()
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "places_cells_by_code"), {"codes": codes, "generation": generation})
        return {code for code, level in cur.fetchall() if level in ("community", "grid", "microgrid")}


def _cells_at_points(conn, places, generation):
    if not places or generation is None:
        return {}
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "places_cells_at_points"), {
            "rows": [p["row"] for p in places], "lon": [p["lon"] for p in places],
            "lat": [p["lat"] for p in places], "generation": generation})
        return dict(cur.fetchall())


def _compounds(conn):
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "places_compounds"))
        return {row[0] for row in cur.fetchall()}


def _write(conn, meaning, source):
    stored = {p["name"]: (p["kind"], p["cell_code"], p["compound"]) for p in current_places(conn)}
    changed = [name for name, target in meaning.items() if name in stored and stored[name] != target]
    added = [name for name in meaning if name not in stored]
    summary = {"file": source, "names": len(meaning), "added": len(added), "changed": len(changed),
               "unchanged": len(meaning) - len(added) - len(changed)}
    written = [*added, *changed]
    with conn.cursor() as cur:
        cur.execute(load("grids.addresses", "address_import_record"),
                    {"what": "places", "source": source, "summary": json.dumps(summary, ensure_ascii=False)})
        import_id = cur.fetchone()[0]
        if changed:
            cur.execute(load("grids.addresses", "places_retire"), {"names": changed})
        cur.execute(load("grids.addresses", "places_insert"), {
            "import_id": import_id, "name": written, "kind": [meaning[n][0] for n in written],
            "cell_code": [meaning[n][1] for n in written], "compound": [meaning[n][2] for n in written]})
    return summary
