"""Coordinates that are probably in another system than the one declared: the GCJ-02 / BD-09 signature.

Concept: GCJ-02 (Amap, Tencent, WeChat) and BD-09 (Baidu) shift every point in China by a few hundred
metres in a smooth, known way. Points declared WGS 84 that are really GCJ-02 still land in the district,
mostly even in the right community — but they miss the buildings they were taken at. So the test is the
share of a file's points that fall in the store's finest cells (buildings where the store has them, else
grids) read as declared, against the same points read as each other system: when another reading puts
at least twice as many in a cell, and a fifth of all the points more, the file is flagged with that
system and the median distance between the two readings (the offset): a warning of the import
(``--strict`` refuses it). Degrees under a projected CRS are flagged row by row already
(:func:`grids.incidents.intake.values.check_coordinates`).
"""
from dataclasses import dataclass

import numpy as np
import pyproj
import shapely

from gis.crs import CHINA_SYSTEMS, china_system, parse_crs, points_to_storage

SAMPLE = 5_000
MIN_POINTS = 20
FACTOR, MARGIN = 2.0, 0.2          # another reading must hold ≥ 2× the points, and ≥ 20 % of them more
_GEOD = pyproj.Geod(ellps="GRS80")


@dataclass(frozen=True)
class Suspicion:
    """Why a file's coordinates look like another system's."""

    declared: str
    likely: str
    inside_declared: float
    inside_likely: float
    offset_m: float

    def text(self):
        return (f"the coordinates look like {self.likely}, not {self.declared}: "
                f"{self.inside_declared:.0%} of the points fall in a cell as {self.declared}, "
                f"{self.inside_likely:.0%} as {self.likely} (a median offset of {self.offset_m:.0f} m); "
                f"import with --crs {CHINA_SYSTEMS[self.likely]} if that is so")


def suspect_system(index, x, y, declared):
    """A :class:`Suspicion` for points ``x``, ``y`` declared in ``declared`` (a CRS label), or None.

    ``index`` is a :class:`grids.incidents.placement.CellIndex`; only WGS 84, GCJ-02 and BD-09 readings
    are compared."""
    declared_name = china_system(declared)
    layer = _finest_layer(index)
    if declared_name is None or layer is None:
        return None
    x, y = _sample(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    if len(x) < MIN_POINTS:
        return None
    readings = {name: points_to_storage(x, y, parse_crs(label)) for name, label in CHINA_SYSTEMS.items()}
    inside = {name: _share_inside(layer, *reading) for name, reading in readings.items()}
    best = max(inside, key=inside.get)
    if best == declared_name or inside[best] < FACTOR * inside[declared_name] \
            or inside[best] - inside[declared_name] < MARGIN:
        return None
    _, _, metres = _GEOD.inv(*readings[declared_name], *readings[best])
    return Suspicion(declared_name, best, inside[declared_name], inside[best], float(np.median(metres)))


def _finest_layer(index):
    for layer in (index.buildings, index.basic, *(layer for _, layer in index.above_grids)):
        if len(layer.codes):
            return layer
    return None


def _sample(x, y):
    finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if len(finite) > SAMPLE:
        finite = np.random.default_rng(0).choice(finite, SAMPLE, replace=False)
    return x[finite], y[finite]


def _share_inside(layer, lon, lat):
    return float((layer.first_hit(shapely.points(lon, lat)) >= 0).mean())
