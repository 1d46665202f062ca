"""Shapes that sit a few hundred metres off the store's cells: the GCJ-02 / BD-09 signature in a boundary file.

Concept: a map app's polygons (Amap: GCJ-02, Baidu: BD-09) read as WGS 84 — a GeoJSON without a ``crs``
member, a Shapefile whose ``.prj`` says WGS 84 — are shifted by a few hundred metres everywhere, smoothly.
Where the store already holds cells of the file's level (a re-import, a neighbour) or of the level above
(streets inside a loaded district), the file's vertices should lie on those outlines (within
``ON_OUTLINE_M``): all of them for a re-import, the shared edges' for a child level. So the share of the
vertices on the stored outlines is compared as declared and as each other system: when another reading
puts at least twice as many on them, and a fifth of all the vertices more, the file is flagged with that
system and the offset between the readings (the median distance). An empty store cannot tell: nothing
is said.
"""
import numpy as np
import pyproj
import shapely

from gis.crs import CHINA_SYSTEMS, china_system, parse_crs, points_from_storage, points_to_storage
from gis.sqlfiles import load
from grids.cells.hierarchy import LEVELS

SAMPLE = 2_000
ON_OUTLINE_M = 20.0
FACTOR, MARGIN = 2.0, 0.2
METRES_PER_DEGREE = 111_000.0
_GEOD = pyproj.Geod(ellps="GRS80")


def shape_offset_warning(conn, geoms, level, declared, generation):
    """A warning text when ``geoms`` (storage coordinates, read as ``declared``) sit off the stored cells
    of ``level`` or its parent level in ``generation`` the way another system's would; else None."""
    declared_name = china_system(declared)
    vertices = _vertices(geoms)
    if declared_name is None or generation is None or len(vertices) < 10:
        return None
    outlines = _reference(conn, vertices, level, generation)
    if outlines is None:
        return None
    raw = points_from_storage(vertices[:, 0], vertices[:, 1], parse_crs(CHINA_SYSTEMS[declared_name]))
    readings = {name: np.column_stack(points_to_storage(*raw, parse_crs(label)))
                for name, label in CHINA_SYSTEMS.items()}
    on = {name: _share_on(outlines, xy) for name, xy in readings.items()}
    best = max(on, key=on.get)
    if best == declared_name or on[best] < FACTOR * on[declared_name] or on[best] - on[declared_name] < MARGIN:
        return None
    _, _, metres = _GEOD.inv(*readings[declared_name].T, *readings[best].T)
    return (f"the shapes look like {best}, not {declared_name}: {on[declared_name]:.0%} of their vertices lie "
            f"on the stored {level} outlines as {declared_name}, {on[best]:.0%} as {best} (an offset of "
            f"{np.median(metres):.0f} m); import with --crs {CHINA_SYSTEMS[best]} "
            f"if that is so")


def _vertices(geoms):
    geoms = np.asarray([g for g in geoms if g is not None and not g.is_empty], dtype=object)
    if not len(geoms):
        return np.empty((0, 2))
    xy = shapely.get_coordinates(shapely.boundary(geoms))
    if len(xy) > SAMPLE:
        xy = xy[np.random.default_rng(0).choice(len(xy), SAMPLE, replace=False)]
    return xy


def _reference(conn, vertices, level, generation):
    """The stored outlines of ``level``, else of the level above, near the vertices (a STRtree), or None."""
    (xmin, ymin), (xmax, ymax) = vertices.min(axis=0).tolist(), vertices.max(axis=0).tolist()
    upper = LEVELS[LEVELS.index(level) - 1] if LEVELS.index(level) > 0 else None
    for candidate in (level, upper):
        if candidate is None:
            continue
        with conn.cursor() as cur:
            cur.execute(load("grids.cells", "cells_outlines_near"), {
                "level": candidate, "generation": generation,
                "xmin": xmin - 0.02, "ymin": ymin - 0.02, "xmax": xmax + 0.02, "ymax": ymax + 0.02})
            lines = shapely.from_wkb([bytes(row[0]) for row in cur.fetchall()])
        if len(lines):
            return shapely.STRtree(lines)
    return None


def _share_on(outlines, xy):
    """The share of the points within ``ON_OUTLINE_M`` of an outline (metres of a degree of longitude,
    the shorter: a slight overestimate of the distance)."""
    radius = ON_OUTLINE_M / (METRES_PER_DEGREE * np.cos(np.radians(np.mean(xy[:, 1]))))
    near, _ = outlines.query(shapely.points(xy), predicate="dwithin", distance=radius)
    return len(np.unique(near)) / len(xy)
