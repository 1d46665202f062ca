"""Cells for the web map: each level of the current generation, simplified and serialized once.

Concept: the map draws a whole level at once, so its geometry is simplified per level with
``shapely.coverage_simplify``, which simplifies the *shared* edges once, so neighbours stay exactly
adjacent (no slivers or overlaps as with per-polygon simplification). Each kind is a coverage of its
own (dedicated grids lie over basic ones). Micro-grids are not simplified: they are drawn only at high
zoom, have a handful of vertices each, and a metre's tolerance removed 10 % of the demo's vertices
for 2.6 s of work on 100,000 buildings. Coordinates are rounded to 6 decimals (~0.1 m).

A level is read, simplified and turned into GeoJSON text once per process and generation
(:class:`LevelCells`, cached by :func:`level_cells`) and every request only picks cells from it: codes
are sorted, so a subtree (codes nest) is one slice found by bisection, and a bbox is a vectorized test
on the cells' extents. Cell geometries change only when a generation is published, so the cache key is
the current generation's id and publication time: publishing (or rebuilding the store) changes the key,
the next request reads the level anew and the level of the generation before is let go. ``gridgov
serve`` fills every level before it listens (:func:`warm`; about 3 s for the synthetic city's 2,000
grids and 100,000 micro-grids, 0.5 s for the demo).

Tolerances (degrees; 0.00001° ≈ 1.1 m at 36° N) and the demo's payloads are in ``docs/api.md``.
"""
import bisect
import json
import threading

import numpy as np
import shapely

from gis.sqlfiles import load
from grids.cells import generations
from grids.cells.hierarchy import child_levels

TOLERANCES = {"city": 0.001, "district": 0.0005, "street": 0.0002, "community": 0.0001, "grid": 0.00005, "microgrid": 0}
DECIMALS = 6
_LEVELS = {}      # (generation, published_at, level) -> LevelCells; filled on first use
_LOCK = threading.Lock()


class LevelCells:
    """The cells of one level, sorted by code: ``rows`` (properties), ``geometries`` (GeoJSON text),
    ``outlines`` (the text of each cell as a GeoJSON feature with only code, name and kind) and
    ``bounds`` (an ``(n, 4)`` array of minlon, minlat, maxlon, maxlat)."""

    def __init__(self, rows, geometries, bounds):
        self.rows, self.geometries, self.bounds = rows, geometries, bounds
        self.codes = [row["code"] for row in rows]
        self.kinds = np.array([row["kind"] for row in rows], dtype=object)
        self.outlines = [feature(row["code"], geometry, json.dumps({k: row[k] for k in ("code", "name", "kind")},
                                                                   ensure_ascii=False))
                         for row, geometry in zip(rows, geometries)]

    def select(self, roots, within=None, bbox=None, kind=None):
        """Indices of the cells under one of ``roots`` (and ``within``), meeting ``bbox``, of ``kind``."""
        inside = np.zeros(len(self.rows), dtype=bool)
        for prefix in _subtrees(roots, within):
            inside[slice(*self._subtree(prefix))] = True
        if bbox is not None:
            box = self.bounds
            inside &= (box[:, 0] <= bbox[2]) & (box[:, 2] >= bbox[0]) & (box[:, 1] <= bbox[3]) & (box[:, 3] >= bbox[1])
        if kind is not None:
            inside &= self.kinds == kind
        return np.flatnonzero(inside)

    def _subtree(self, prefix):
        """``(start, stop)`` of the codes starting with ``prefix`` (':' sorts right after '9')."""
        return bisect.bisect_left(self.codes, prefix), bisect.bisect_left(self.codes, prefix + ":")


def current(conn):
    """The generation the map shows: the current one (the working one before the first publication)."""
    return generations.current_generation(conn) or generations.working_generation(conn)


def level_cells(conn, level):
    """The :class:`LevelCells` of ``level`` in the current generation (cached per generation: its id
    and publication time, so a rebuilt store is never answered from the cache)."""
    key = (*(generations.identity(conn, current(conn)) or (None, None)), level)
    found = _LEVELS.get(key)
    if found is None:
        with _LOCK:                       # one thread reads a level; the others wait for it
            found = _LEVELS.get(key)
            if found is None:
                for older in [k for k in _LEVELS if k[2] == level]:   # the generation the map showed before
                    del _LEVELS[older]
                found = _LEVELS[key] = _read_level(conn, key[0], level)
    return found


def warm(conn):
    """Read every level now (``gridgov serve`` does, so no first visitor waits for it)."""
    for level in TOLERANCES:
        level_cells(conn, level)


def _read_level(conn, generation, level):
    with conn.cursor() as cur:
        cur.execute(load("grids.mapview", "map_cells"), {"level": level, "generation": generation})
        columns = [d[0] for d in cur.description]
        rows = sorted((dict(zip(columns, row)) for row in cur.fetchall()), key=lambda row: row["code"])
    geoms = shapely.from_wkb([bytes(row.pop("wkb")) for row in rows])
    if TOLERANCES[level]:
        geoms = simplify_by_kind(geoms, [row["kind"] for row in rows], TOLERANCES[level])
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, DECIMALS))
    bounds = shapely.bounds(geoms) if len(geoms) else np.empty((0, 4))
    return LevelCells([_properties(row) for row in rows], list(shapely.to_geojson(geoms)), bounds)


def simplify_by_kind(geoms, kinds, tolerance):
    """Coverage-simplify each kind's polygons together."""
    geoms = np.asarray(geoms, dtype=object)
    kinds = np.asarray(kinds, dtype=object)
    out = geoms.copy()
    for kind in set(kinds.tolist()):
        mask = kinds == kind
        out[mask] = shapely.coverage_simplify(geoms[mask], tolerance, simplify_boundary=True)
    return out


def feature_collection(features, **members):
    """The text of a GeoJSON FeatureCollection of feature texts (plus top-level ``members``)."""
    extra = "".join(f",{json.dumps(k)}:{json.dumps(v)}" for k, v in members.items())
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]" + extra + "}"


def feature(code, geometry, properties):
    """The text of one GeoJSON feature: id ``code``, geometry text, properties text."""
    return f'{{"type":"Feature","id":{json.dumps(code)},"geometry":{geometry},"properties":{properties}}}'


def outlines(conn, level, roots, bbox, kind=None, limit=None):
    """GeoJSON text of the outlines (code, name, kind; no statistics) of the cells of ``level`` under
    ``roots`` meeting ``bbox``; with ``limit``, at most that many (``"truncated": true`` when cut)."""
    cells = level_cells(conn, level)
    chosen = cells.select(roots, bbox=bbox, kind=kind)
    truncated = limit is not None and len(chosen) > limit
    return feature_collection([cells.outlines[i] for i in chosen[:limit]], truncated=truncated)


def cell_info(conn, code):
    """The cell ``code`` (code, name, level, kind, parent_code, bbox, breadcrumb, children_level), or None."""
    with conn.cursor() as cur:
        prefixes = [code[:n] for n in range(1, len(code) + 1)]
        cur.execute(load("grids.mapview", "map_cell"), {"prefixes": prefixes, "generation": current(conn)})
        columns = [d[0] for d in cur.description]
        chain = [dict(zip(columns, row)) for row in cur.fetchall()]
    if not chain or chain[-1]["code"] != code:
        return None
    cell = chain[-1]
    return {**{k: cell[k] for k in ("code", "name", "level", "kind", "parent_code")},
            "bbox": [round(cell[k], DECIMALS) for k in ("minlon", "minlat", "maxlon", "maxlat")],
            "breadcrumb": [{k: c[k] for k in ("code", "name", "level")} for c in chain],
            "children_level": (child_levels(cell["level"]) or (None,))[0]}


def _subtrees(roots, within):
    """The code prefixes of the cells under a root and ``within``: ``within`` itself when it lies in a
    root, else the roots below it (``within`` an ancestor of the scope, as the breadcrumb allows)."""
    if within is None:
        return list(roots)
    if any(within.startswith(root) for root in roots):
        return [within]
    return [root for root in roots if root.startswith(within)]


def _properties(row):
    area = row["area_m2"]
    return {"code": row["code"], "name": row["name"], "level": row["level"], "kind": row["kind"],
            "parent_code": row["parent_code"], "area_km2": round(area / 1e6, 4) if area else None,
            "households": row["households"], "population": row["population"]}
