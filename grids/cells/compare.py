"""History: what changed between any two boundary generations.

Concept: two generations share every row valid in both (a row is one version of a cell), so the
difference is the rows valid in only one of them, matched by code: a code only after is *added*,
only before *removed*, in both with another geometry *reshaped*, with the same geometry but another
name or figures *changed*. The codes old → new come from the code change logs of the generations in
between (:mod:`grids.cells.code_changes`), chained: split in generation 3 and merged in 5 reads old → merged.
Comparing backwards (a newer ``a`` than ``b``) reads the logs backwards.
"""
from gis.sqlfiles import load
from grids.cells.code_changes import chain
from grids.errors import GenerationError

CHANGES = ("added", "removed", "reshaped", "changed")


def compare_generations(conn, a, b, level="grid", community_code=None):
    """What changed at ``level`` from generation ``a`` to generation ``b`` (optionally one community).

    Returns ``{"from": a, "to": b, "level", "community_code", "summary": {added, removed, reshaped,
    changed, unchanged}, "cells": [{code, kind, parent_code, change, name_before, name_after,
    area_before_m2, area_after_m2, households_before, households_after, geometry_before,
    geometry_after}], "code_changes": [{old_code, new_code, level, kind}]}``; geometries are GeoJSON
    dicts (lon/lat, EPSG:4490, which a web map may take as WGS 84), None on the side a cell is missing.
    """
    _require(conn, a, b)
    params = {"a": a, "b": b, "level": level, "within": community_code}
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_compare"), params)
        columns = [d[0] for d in cur.description]
        cells = [dict(zip(columns, row)) for row in cur.fetchall()]
        cur.execute(load("grids.cells", "generation_compare_unchanged"), params)
        unchanged = cur.fetchone()[0]
    summary = {change: sum(c["change"] == change for c in cells) for change in CHANGES}
    return {"from": a, "to": b, "level": level, "community_code": community_code,
            "summary": {**summary, "unchanged": unchanged}, "cells": cells,
            "code_changes": chained_code_changes(conn, a, b, level, community_code)}


def chained_code_changes(conn, a, b, level=None, community_code=None):
    """Old → new codes from generation ``a`` to ``b``: ``[{old_code, new_code, level, kind}]``."""
    low, high = sorted((a, b))
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_compare_codes"),
                    {"low": low, "high": high, "level": level, "within": community_code})
        rows = cur.fetchall()
    chained = []
    for generation in sorted({row[0] for row in rows}):
        chained = chain(chained, [dict(zip(("level", "kind", "old_code", "new_code"), row[1:]))
                                   for row in rows if row[0] == generation])
    if a > b:
        chained = [{**c, "old_code": c["new_code"], "new_code": c["old_code"]} for c in chained]
    return sorted(chained, key=lambda c: (c["level"], c["old_code"] or "~", c["new_code"] or "~"))


def _require(conn, *numbers):
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_ids_existing"), {"ids": list(numbers)})
        found = {row[0] for row in cur.fetchall()}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise GenerationError(f"no generation {', '.join(map(str, missing))} to compare", generation=missing[0])
