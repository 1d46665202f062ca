"""The review queue (待定位): incidents placed nowhere, their reason and candidates, and placing them by hand.

Concept: an incident whose coordinates fall outside every cell, or whose address matched nothing (or
several places equally), waits here with the reason. A person looks at it — its address, its point if
it has one, the **candidates**: the cells the address matcher came closest to, or the grids nearest its
point — and places it: by choosing a cell, or by clicking where it happened on the map (the finest cell
holding that point; the incident moves there). Many incidents can go into one cell at once. Every
placement is written to ``incident_placement_log`` — who, when, from which reason, to which cell, how —
and the incident's own ``placed_by``. An incident placed meanwhile by someone else is a conflict, not
placed twice. The cell must lie in the placer's area (``scope``: cell codes, the roots of its subtrees).

Who sees what (``within``): an unplaced incident has no cell, so it belongs to no street or community —
the command centre sees the whole queue (``within=None``). A street's or community's staff see only the
waiting incidents whose finest code so far (an unplaced incident may keep a partial placement: a
street or community without a grid) lies in their area (``within`` = the roots of that area); an
incident they may not see is as unknown to them as one that does not exist.
"""
import json

from gis.errors import GridgovError
from gis.sqlfiles import load
from grids import clock
from grids.cells import generations

PAGE_SIZE = 50
NEAR_METRES, NEAR_LIMIT = 2000, 5
CODE_LENGTHS = (20, 18, 15, 12, 9, 6)   # stairwell, building, grid, community, street, district


class ReviewError(GridgovError):
    """A placement that cannot be done as asked (``code`` and ``http_status`` say why)."""

    code = "review"

    def __init__(self, message, code, http_status, **context):
        super().__init__(message, **context)
        self.code, self.http_status = code, http_status


def queue(conn, *, channel=None, reason=None, text=None, page=1, within=None):
    """One page of the queue: ``{"total", "page", "page_size", "reasons", "incidents": [...]}``; ``within``:
    the roots of the viewer's area, or None for the whole queue (see the module comment)."""
    within = _roots(within)
    params = {"channel": channel, "reason": reason, "text": text, "limit": PAGE_SIZE,
              "offset": (page - 1) * PAGE_SIZE, "within": within}
    rows = _dicts(conn, "review_queue", **params)
    total = rows[0]["total"] if rows else _rows(conn, "review_queue_count", **params)[0][0]
    return {"total": total, "page": page, "page_size": PAGE_SIZE,
            "reasons": _dicts(conn, "review_reasons", within=within), "incidents": [_summary(r) for r in rows]}


def item(conn, incident_id, within=None):
    """One waiting incident with its candidates (code, name, level, outline, and why: the matcher's
    ``score`` with the standard ``address`` it came closest to, or the ``metres`` from its point)."""
    found = _waiting(conn, incident_id, within)
    generation = _current(conn)
    scored = _address_candidates(conn, generation, found["placement_candidates"] or [])
    if found["lon"] is not None:
        scored += [(r["code"], {"metres": float(r["metres"])}) for r in _dicts(
            conn, "review_cells_near", generation=generation, lon=found["lon"], lat=found["lat"],
            metres=NEAR_METRES, limit=NEAR_LIMIT)]
    scored = _first_of_each(scored)
    cells = {c["code"]: c for c in _dicts(conn, "review_cells_named", generation=generation,
                                           codes=[code for code, _ in scored])}
    candidates = [{**{k: cells[code][k] for k in ("code", "name", "level", "kind")}, **why,
                   "outline": json.loads(cells[code]["outline"])} for code, why in scored if code in cells]
    return {**_summary(found), "candidates": candidates}


def _address_candidates(conn, generation, matched):
    """``[(code, why)]`` for the matcher's candidates (``[[label, score], ...]``, best first): the cell
    each label names — the one cell, or the finest cell holding all of a compound's or road's cells."""
    labels = [label for label, _ in matched if isinstance(label, str) and label.strip()]
    named = dict(_rows(conn, "review_candidate_cells", generation=generation, labels=labels)) if labels else {}
    found = []
    for label, score in matched:
        code = common_cell(named.get(label, ())) if isinstance(label, str) else None
        if code is not None:
            found.append((code, {"score": score, **({} if label == code else {"address": label})}))
    return found


def _first_of_each(scored):
    """Each cell once, where it first came (an address candidate before the same cell near the point)."""
    seen = {}
    for code, why in scored:
        seen.setdefault(code, why)
    return list(seen.items())


def common_cell(codes):
    """The finest cell code holding every cell of ``codes`` (codes nest by prefix), or None.

    >>> common_cell(["370212001001001001", "370212001001001002"])
    '370212001001001'
    >>> common_cell(["370212001001001001", "37021200100100100101"])
    '370212001001001001'
    >>> common_cell([]) is None
    True
    """
    if not codes:
        return None
    shared = codes[0]
    for code in codes[1:]:
        while not code.startswith(shared):
            shared = shared[:-1]
    return next((shared[:n] for n in CODE_LENGTHS if n <= len(shared)), None)


def place(conn, ids, *, scope, within=None, cell_code=None, lon=None, lat=None):
    """Place the waiting incidents ``ids`` in ``cell_code``, or at the point ``lon, lat`` (WGS 84: the
    finest cell holding it, and the incidents move there). Returns ``{"cell", "placed": [ids]}``.

    Refused, with nothing written: an unknown incident or one outside ``within`` (404), one placed
    already (409), a cell that is not in the current generation or no cell at the point (400), a cell
    outside ``scope`` (403)."""
    generation = _current(conn)
    _check_waiting(conn, ids, within)
    if cell_code is None:
        cell_code = _cell_at(conn, generation, lon, lat)
    chain = _chain(conn, generation, cell_code)
    if not any(cell_code.startswith(root) for root in scope):
        raise ReviewError(f"cell {cell_code} is not in your area", "out_of_scope", 403, cell_code=cell_code)
    point = None if lon is None else f"POINT({lon} {lat})"
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "review_place"), {**chain, "ids": list(ids), "generation": generation,
                                                               "point": point})
        placed = cur.fetchall()
        if len(placed) != len(set(ids)):
            raise ReviewError("another session placed some of these incidents meanwhile; reload the queue",
                              "already_placed", 409)
        cur.executemany(load("grids.incidents", "review_log_insert"), [
            {"incident_id": incident_id, "method": "cell" if lon is None else "point", "cell_code": cell_code,
             "generation": generation, "unplaced_reason": reason, "lon": lon, "lat": lat}
            for incident_id, reason in placed])
    return {"cell": cell_code, "level": chain["level"], "placed": sorted(i for i, _ in placed)}


def _check_waiting(conn, ids, within):
    states = {i: placed for i, placed, visible in _rows(conn, "review_placed_states", ids=list(ids),
                                                         within=_roots(within)) if visible}
    missing = sorted(set(ids) - set(states))
    if missing:
        raise ReviewError(f"no incident {', '.join(map(str, missing))}", "not_found", 404, incidents=missing)
    placed = sorted(i for i, is_placed in states.items() if is_placed)
    if placed:
        raise ReviewError(f"incident {', '.join(map(str, placed))} is placed already", "already_placed", 409,
                          incidents=placed)


def _cell_at(conn, generation, lon, lat):
    rows = _rows(conn, "review_cell_at", generation=generation, lon=lon, lat=lat)
    if not rows:
        raise ReviewError(f"no cell of the current generation holds the point ({lon:.6f}, {lat:.6f})",
                          "outside_all_cells", 400, field="lon")
    return rows[0][0]


def _chain(conn, generation, code):
    """The placement columns for ``code``: each level's code, the micro-grid, the level and an anchor."""
    rows = _dicts(conn, "review_cell_chain", generation=generation, code=code)
    if not rows:
        raise ReviewError(f"no cell {code} in the current generation {generation}", "unknown_cell", 400,
                          field="cell_code", cell_code=code)
    by_level = {r["level"]: r["code"] for r in rows}
    finest = rows[0]
    return {"district_code": by_level.get("district"), "street_code": by_level.get("street"),
            "community_code": by_level.get("community"), "grid_code": by_level.get("grid"),
            "microgrid_code": by_level.get("microgrid"), "anchor": finest["anchor"],
            "level": finest["kind"] if finest["level"] == "microgrid" else finest["level"]}


def _waiting(conn, incident_id, within):
    rows = _dicts(conn, "review_queue_item", id=incident_id, within=_roots(within))
    if not rows or not rows[0]["visible"]:
        raise ReviewError(f"no incident {incident_id}", "not_found", 404, incident=incident_id)
    if rows[0]["placed"]:
        raise ReviewError(f"incident {incident_id} is placed already", "already_placed", 409, incident=incident_id)
    return rows[0]


def _roots(within):
    """``within`` as the SQL takes it: None (everything) or a list of codes (an empty area sees nothing)."""
    return None if within is None else list(within)


def _current(conn):
    generation = generations.current_generation(conn)
    if generation is None:
        raise ReviewError("no published generation to place incidents in", "no_generation", 400)
    return generation


def _summary(row):
    return {**{k: row[k] for k in ("id", "channel", "source_ref", "category_text", "title", "address",
                                   "unplaced_reason")},
            "reported_at": row["reported_at"].astimezone(clock.SHANGHAI).isoformat(),
            "lon": None if row["lon"] is None else round(float(row["lon"]), 6),
            "lat": None if row["lat"] is None else round(float(row["lat"]), 6)}


def _rows(conn, name, **params):
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", name), params)
        return cur.fetchall()


def _dicts(conn, name, **params):
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", name), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
