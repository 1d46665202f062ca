"""Cells for the web map: GeoJSON of a level in EPSG:4326, simplified so a level loads fast.

Concept: the map draws a whole level at once, so its geometry is simplified per level with
``shapely.coverage_simplify``, which simplifies the *shared* edges once, so neighbours stay exactly
adjacent (no slivers or overlaps as with per-polygon simplification). Each kind is a coverage of its
own (dedicated grids lie over basic ones, stairwells inside their building). Coordinates are rounded to
6 decimals (~0.1 m). The simplified level is computed once per process and generation
(:func:`level_geometries`, 0.8 s for the demo's 16,657 micro-grids) and reused by every request;
statistics are added per request.

Tolerances (degrees; 0.00001° ≈ 1.1 m at 36° N) and the demo's payloads are in ``docs/api.md``.
"""
import json

import numpy as np
import shapely

from gis.sqlfiles import load
from grids import generations
from grids.hierarchy import child_levels

TOLERANCES = {"district": 0.0005, "street": 0.0002, "community": 0.0001, "grid": 0.00005, "microgrid": 0.00001}
DECIMALS = 6
_LEVELS = {}      # (generation, published_at, level) -> simplified features; filled on first use


def current(conn):
    """The generation the map shows: the current one (the working one before the first publication)."""
    return generations.current_generation(conn) or generations.working_generation(conn)


def level_geometries(conn, level):
    """``[(row, geometry_dict)]`` of the cells of ``level`` in the current generation (cached per
    generation: its id and publication time, so a rebuilt store is never answered from the cache)."""
    with conn.cursor() as cur:
        cur.execute(load("grids", "map_generation"), {"generation": current(conn)})
        key = (*(cur.fetchone() or (None, None)), level)
    if key not in _LEVELS:
        _LEVELS[key] = _read_level(conn, key[0], level)
    return _LEVELS[key]


def warm(conn):
    """Simplify every level now (``gridgov serve`` does, so no first visitor waits for it)."""
    for level in TOLERANCES:
        level_geometries(conn, level)


def _read_level(conn, generation, level):
    with conn.cursor() as cur:
        cur.execute(load("grids", "map_cells"), {"level": level, "generation": generation})
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    geoms = shapely.from_wkb([bytes(row.pop("wkb")) for row in rows])
    simplified = simplify_by_kind(geoms, [row["kind"] for row in rows], TOLERANCES[level])
    return list(zip(rows, (json.loads(g) for g in shapely.to_geojson(simplified))))


def simplify_by_kind(geoms, kinds, tolerance):
    """Coverage-simplify each kind's polygons together, then round to :data:`DECIMALS`."""
    geoms = np.asarray(geoms, dtype=object)
    kinds = np.asarray(kinds, dtype=object)
    out = geoms.copy()
    for kind in set(kinds.tolist()):
        mask = kinds == kind
        out[mask] = shapely.coverage_simplify(geoms[mask], tolerance, simplify_boundary=True)
    return shapely.transform(out, lambda xy: np.round(xy, DECIMALS))


def cell_features(conn, level, codes_inside):
    """GeoJSON features of the cells of ``level`` for which ``codes_inside(code)`` holds (properties:
    code, name, level, kind, parent_code, area_km2, households, population)."""
    return [{"type": "Feature", "id": row["code"], "geometry": geometry, "properties": _properties(row)}
            for row, geometry in level_geometries(conn, level) if codes_inside(row["code"])]


def intersects_bbox(geometry, bbox):
    """Whether a GeoJSON geometry's extent meets ``bbox`` (minlon, minlat, maxlon, maxlat)."""
    xs, ys = _coordinates(geometry)
    return xs.min() <= bbox[2] and xs.max() >= bbox[0] and ys.min() <= bbox[3] and ys.max() >= bbox[1]


def cell_info(conn, code):
    """The cell ``code`` (code, name, level, kind, parent_code, bbox, breadcrumb, children_level), or None."""
    with conn.cursor() as cur:
        cur.execute(load("grids", "map_cell"), {"code": code, "generation": current(conn)})
        columns = [d[0] for d in cur.description]
        chain = [dict(zip(columns, row)) for row in cur.fetchall()]
    if not chain or chain[-1]["code"] != code:
        return None
    cell = chain[-1]
    return {**{k: cell[k] for k in ("code", "name", "level", "kind", "parent_code")},
            "bbox": [round(cell[k], DECIMALS) for k in ("minlon", "minlat", "maxlon", "maxlat")],
            "breadcrumb": [{k: c[k] for k in ("code", "name", "level")} for c in chain],
            "children_level": (child_levels(cell["level"]) or (None,))[0]}


def _properties(row):
    area = row["area_m2"]
    return {"code": row["code"], "name": row["name"], "level": row["level"], "kind": row["kind"],
            "parent_code": row["parent_code"], "area_km2": round(area / 1e6, 4) if area else None,
            "households": row["households"], "population": row["population"]}


def _coordinates(geometry):
    points = np.array([xy for polygon in _polygons(geometry) for ring in polygon for xy in ring])
    return points[:, 0], points[:, 1]


def _polygons(geometry):
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
