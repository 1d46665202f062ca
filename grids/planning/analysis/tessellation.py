"""Building cells: the ground of a community shared out among its buildings, for drawing grids.

Concept: a grid is a group of buildings, and its boundary must keep each building whole and tile the
community with its neighbours. So the community's ground is first shared out among its buildings:
each building gets the part of the community nearer to its outline than to any other building's — a
Voronoi diagram of the outlines, approximated by the Voronoi cells of points sampled every
``SPACING_M`` metres along each outline and dissolved per building. The cells are then settled
exactly: every building lies whole in its own cell (the ground of buildings is taken from every cell
and given back to its owner), cells are clipped to the community, and a stray piece cut off from its
building (a cell reaching across a bend of the boundary) joins the neighbour it shares most border
with. The cells tile the community, so any union of them is a grid that keeps its buildings whole.

Two cells are **neighbours** when they share at least ``MIN_SHARED_M`` metres of border (a corner is
not enough): a group of cells connected through neighbours is one polygon, a contiguous grid.

Lengths and distances are taken in a local plane around the community (equirectangular, metres; off
by well under 0.1 % across a few kilometres); the cells themselves stay in EPSG:4490.
"""
from dataclasses import dataclass

import numpy as np
import shapely

SPACING_M = 4.0
MIN_SHARED_M = 1.0
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320.0


@dataclass(frozen=True)
class LocalPlane:
    """Longitude/latitude ⇄ metres east/north of ``origin``, equirectangular at its latitude."""

    origin: tuple
    metres_per_degree: tuple

    @classmethod
    def around(cls, geometry):
        x, y = shapely.get_coordinates(shapely.centroid(geometry))[0]
        return cls((x, y), (METRES_PER_DEGREE_LON_AT_EQUATOR * np.cos(np.radians(y)), METRES_PER_DEGREE_LAT))

    def forward(self, geometries):
        return shapely.transform(geometries, lambda xy: (xy - self.origin) * self.metres_per_degree)

    def inverse(self, geometries):
        return shapely.transform(geometries, lambda xy: xy / self.metres_per_degree + self.origin)


def building_cells(area, buildings, spacing_m=SPACING_M):
    """One cell per building (EPSG:4490 polygons, in the order of ``buildings``) tiling ``area``.

    >>> from shapely.geometry import box
    >>> cells = building_cells(box(0, 0, 0.002, 0.001), [box(0.0002, 0.0002, 0.0004, 0.0004),
    ...                                                   box(0.0015, 0.0005, 0.0017, 0.0007)])
    >>> round(sum(c.area for c in cells) / 0.000002, 6)
    1.0
    """
    buildings = np.asarray(buildings, dtype=object)
    plane = LocalPlane.around(area)
    cells = plane.inverse(_voronoi_by_building(plane.forward(buildings), plane.forward(area), spacing_m))
    cells = _polygonal(shapely.intersection(cells, area))
    cells = _polygonal(_with_whole_buildings(cells, buildings))
    return _without_strays(cells, buildings, plane)


def _polygonal(geometries):
    """Only the polygons of each geometry: an overlay along a shared edge can leave a line beside them."""
    out = np.asarray(geometries, dtype=object).copy()
    mixed = np.flatnonzero(shapely.get_type_id(out) == shapely.GeometryType.GEOMETRYCOLLECTION)
    for index in mixed:
        parts = shapely.get_parts(out[index])
        out[index] = shapely.union_all(parts[shapely.get_dimensions(parts) == 2])
    return out


def _voronoi_by_building(buildings, area, spacing_m):
    """Voronoi cells of points sampled along each building's outline, dissolved per building."""
    samples = shapely.segmentize(shapely.boundary(buildings), spacing_m)
    xy, owner = shapely.get_coordinates(samples, return_index=True)
    # to the millimetre, once each: a ring repeats its first vertex, and GEOS leaves an empty cell for a
    # point it finds (nearly) equal to another
    xy, first = np.unique(np.round(xy, 3), axis=0, return_index=True)
    owner = owner[first]
    extent = shapely.buffer(shapely.envelope(shapely.union(area, shapely.union_all(buildings))), 100.0)
    voronoi = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=extent, ordered=True))
    kept = shapely.get_type_id(voronoi) == shapely.GeometryType.POLYGON
    voronoi, owner = voronoi[kept], owner[kept]
    order = np.argsort(owner, kind="stable")
    starts = np.searchsorted(owner[order], np.arange(len(buildings) + 1))
    return np.array([shapely.coverage_union_all(voronoi[order[a:b]]) for a, b in zip(starts[:-1], starts[1:])],
                    dtype=object)


def _with_whole_buildings(cells, buildings):
    """Take the ground of other buildings out of each cell and put its own building in."""
    tree = shapely.STRtree(buildings)
    cell_idx, building_idx = tree.query(cells, predicate="intersects")
    others = building_idx != cell_idx
    cut = cells.copy()
    for index in np.unique(cell_idx[others]):
        foreign = buildings[building_idx[others & (cell_idx == index)]]
        cut[index] = shapely.difference(cells[index], shapely.union_all(foreign))
    return shapely.union(cut, buildings)


def _without_strays(cells, buildings, plane):
    """Give every piece of a cell that holds nothing of its building to the neighbour sharing most border."""
    cells = cells.copy()
    for _ in range(len(cells)):
        strays = []
        for index, cell in enumerate(cells):
            parts = shapely.get_parts(cell)
            if len(parts) > 1:
                home = shapely.area(shapely.intersection(parts, buildings[index])) > 0
                strays += [(index, part) for part in parts[~home]]
                cells[index] = shapely.union_all(parts[home])
        if not strays:
            return cells
        for index, part in strays:
            target = _longest_border(part, cells, index, plane)
            cells[target] = _polygonal([shapely.union(cells[target], part)])[0]
    return cells


def _longest_border(part, cells, own, plane):
    """The cell (other than ``own``) sharing the longest border with ``part``; the nearest when none touches."""
    others = np.array([i for i in range(len(cells)) if i != own])
    borders = shapely.intersection(shapely.boundary(cells[others]), shapely.boundary(part))
    shared = shapely.length(plane.forward(borders))
    if shared.max() > 0:
        return others[np.argmax(shared)]
    return others[np.argmin(shapely.distance(cells[others], part))]


def neighbours(cells, plane):
    """For each cell, ``{other cell: shared border in metres}`` for borders of at least ``MIN_SHARED_M``."""
    tree = shapely.STRtree(cells)
    a, b = tree.query(cells, predicate="intersects")
    pairs = a < b
    a, b = a[pairs], b[pairs]
    shared = shapely.length(plane.forward(shapely.intersection(shapely.boundary(cells[a]), shapely.boundary(cells[b]))))
    found = [dict() for _ in cells]
    for i, j, metres in zip(a, b, shared):
        if metres >= MIN_SHARED_M:
            found[i][j] = found[j][i] = float(metres)
    return found
