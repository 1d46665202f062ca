"""Placing points in cells: which cell of every level holds each incident, in one generation.

A ``CellIndex`` holds the cells of one generation in shapely STRtrees (vectorized queries, ~400k
points/s on 100k buildings) and the parent chain of every grid. One point and a million points go
through the same ``place_points``, so an incident placed alone and in a batch get the same answer.

Rules (documented in docs/placement.md and tested):

- **Edge rule**: a point on the shared edge of two cells (or a shared corner of more) belongs to the
  one with the **lowest code**. Cells are indexed in code order, so that is the first hit.
- **Dedicated precedence**: a point inside a dedicated grid (专属网格) is placed in it, not in the basic
  grid beneath; the community, street and district come from the placed grid's parent chain. An
  incident placed at a building or stairwell by its address follows the same rule with the point it is
  given, the micro-grid's point on surface (:meth:`CellIndex.placed_chain`).
- **Micro-grids**: the building holding the point, and within it the stairwell when one holds it; the
  micro-grid code is the finest of the two.
- **Nearest**: a point inside no basic or dedicated grid goes to the nearest grid within
  ``max_distance_m`` (default 50 m, geodesic distance recorded), else it stays unplaced with the
  reason ``outside all cells``.
"""
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyproj
import shapely

from grids.cells.store import cells_for_placement

DEFAULT_MAX_DISTANCE_M = 50.0
METRES_PER_DEGREE_LAT = 110_574.0
_GEOD = pyproj.Geod(ellps="GRS80")  # CGCS2000's ellipsoid
LEVEL_COLUMNS = ("district_code", "street_code", "community_code")
ABOVE_GRIDS = ("community", "street", "district")   # finest first


@dataclass
class Layer:
    """Cells of one level/kind in code order, with their STRtree."""

    codes: np.ndarray
    geoms: np.ndarray
    tree: shapely.STRtree

    @classmethod
    def of(cls, frame):
        frame = frame.sort_values("code")
        geoms = np.asarray(frame.geometry.values, dtype=object)
        return cls(frame["code"].to_numpy(dtype=object), geoms, shapely.STRtree(geoms))

    def first_hit(self, points):
        """Index (into ``codes``) of the lowest-code cell covering each point, -1 where none does."""
        hits = np.full(len(points), -1, dtype=np.int64)
        if len(self.codes) == 0 or len(points) == 0:
            return hits
        point_idx, cell_idx = self.tree.query(points, predicate="intersects")
        order = np.lexsort((cell_idx, point_idx))
        point_idx, cell_idx = point_idx[order], cell_idx[order]
        first = np.ones(len(point_idx), dtype=bool)
        first[1:] = point_idx[1:] != point_idx[:-1]
        hits[point_idx[first]] = cell_idx[first]
        return hits

    def code_at(self, hits):
        """Codes for ``first_hit`` results (None for -1)."""
        if len(self.codes) == 0:
            return np.full(len(hits), None, dtype=object)
        return np.where(hits >= 0, self.codes[np.maximum(hits, 0)], None)


@dataclass
class CellIndex:
    """The cells of one generation, ready to place points."""

    generation: int
    basic: Layer
    dedicated: Layer
    buildings: Layer
    stairwells: Layer
    chains: dict          # grid code -> (district, street, community)
    parents: dict         # any cell code -> its parent code
    levels: dict          # any cell code -> (level, kind)
    names: dict           # any cell code -> its name
    anchors: dict         # any cell code -> a point on its surface (for incidents placed by address)
    dedicated_over: dict = field(default_factory=dict)   # micro-grid code -> the dedicated grid holding its anchor
    above_grids: tuple = ()   # (level, Layer) of communities, streets, districts: where no grid holds a point

    @classmethod
    def load(cls, conn, generation):
        cells = cells_for_placement(conn, generation)
        code, parent, level, kind, name = (cells[c].tolist() for c in ("code", "parent_code", "level", "kind", "name"))
        parents = dict(zip(code, parent))
        levels = dict(zip(code, zip(level, kind)))
        names = dict(zip(code, name))
        anchors = dict(zip(code, shapely.point_on_surface(cells.geometry.values)))
        layer = {key: Layer.of(cells[(cells["level"] == key[0]) & (cells["kind"] == key[1])])
                 for key in (("grid", "basic"), ("grid", "dedicated"), ("microgrid", "building"),
                             ("microgrid", "stairwell"))}
        grids = cells.loc[cells["level"] == "grid", "code"]
        chains = {code: _chain(code, parents, levels) for code in grids}
        micro = cells.loc[cells["level"] == "microgrid", "code"].to_numpy(dtype=object)
        above = tuple((level, Layer.of(cells[cells["level"] == level])) for level in ABOVE_GRIDS)
        return cls(generation, layer[("grid", "basic")], layer[("grid", "dedicated")],
                   layer[("microgrid", "building")], layer[("microgrid", "stairwell")],
                   chains, parents, levels, names, anchors,
                   _dedicated_over(layer[("grid", "dedicated")], micro, anchors), above)

    def chain_of(self, code):
        """``{district_code, street_code, community_code, grid_code}`` above and at ``code``'s grid."""
        grid = self.grid_of(code)
        if grid is None:
            return _community_chain(code, self.parents, self.levels)
        return dict(zip(LEVEL_COLUMNS, self.chains[grid]), grid_code=grid)

    def grid_of(self, code):
        """The grid a cell lies in (itself for a grid), or None above grid level."""
        while code is not None and self.levels.get(code, (None,))[0] == "microgrid":
            code = self.parents.get(code)
        return code if code in self.chains else None

    def placed_grid(self, code):
        """The grid an incident placed at cell ``code`` by its address belongs to: for a micro-grid, the
        dedicated grid holding its point on surface (the incident's point) when one does, as for a point
        placed by its coordinates; else the grid the cell lies in."""
        return self.dedicated_over.get(code) or self.grid_of(code)

    def placed_chain(self, code):
        """:meth:`chain_of` with the grid :meth:`placed_grid` gives."""
        grid = self.placed_grid(code)
        if grid is None:
            return self.chain_of(code)
        return dict(zip(LEVEL_COLUMNS, self.chains[grid]), grid_code=grid)


def _dedicated_over(dedicated, micro_codes, anchors):
    """``{micro-grid code: dedicated grid code}`` for the micro-grids whose anchor lies in a dedicated
    grid (the lowest code where several do: the edge rule)."""
    if len(micro_codes) == 0 or len(dedicated.codes) == 0:
        return {}
    hits = dedicated.first_hit(np.array([anchors[code] for code in micro_codes], dtype=object))
    inside = hits >= 0
    return dict(zip(micro_codes[inside], dedicated.codes[hits[inside]]))


def _chain(grid_code, parents, levels):
    """(district, street, community) codes above a grid, following parent codes."""
    found = {}
    code = parents.get(grid_code)
    while code is not None and code in levels:
        found[levels[code][0]] = code
        code = parents.get(code)
    return found.get("district"), found.get("street"), found.get("community")


def _community_chain(code, parents, levels):
    found = {"grid_code": None}
    while code is not None and code in levels:
        found[f"{levels[code][0]}_code"] = code
        code = parents.get(code)
    return {key: found.get(key) for key in (*LEVEL_COLUMNS, "grid_code")}


def place_points(index, lon, lat, max_distance_m=DEFAULT_MAX_DISTANCE_M):
    """Place points (EPSG:4490 arrays) in ``index``; returns a DataFrame, one row per point.

    Columns: the cell code at every level (``district_code`` … ``microgrid_code``), ``method``
    ('coordinates', 'nearest' or None), ``level`` (finest level placed), ``distance_m``,
    ``confidence`` and ``reason`` (why a point stayed unplaced).

    A point no grid holds (nor lies near) is placed at the finest level the generation has there — a
    community, else a street, else a district: a city that has loaded only its districts places its
    incidents in them, and says so in ``level``.
    """
    points = shapely.points(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    basic = index.basic.first_hit(points)
    dedicated = index.dedicated.first_hit(points)
    grid = np.where(dedicated >= 0, index.dedicated.code_at(dedicated), index.basic.code_at(basic))
    distance = np.full(len(points), np.nan)
    outside = np.flatnonzero(pd.isna(grid))
    if len(outside):
        near_codes, near_m = _nearest(index.basic, points[outside], max_distance_m)
        grid[outside], distance[outside] = near_codes, near_m
    frame = _with_chain(index, grid)
    building, stairwell = _microgrids(index, points)
    frame["microgrid_code"] = pd.Series(np.where(pd.notna(stairwell), stairwell, building), dtype=object)
    above = _above_grids(index, points, frame, np.flatnonzero(pd.isna(grid)))
    placed = pd.notna(grid) | pd.notna(above)
    frame["method"] = pd.Series(np.where(~placed, None, np.where(np.isnan(distance), "coordinates", "nearest")),
                                dtype=object)
    frame["level"] = pd.Series(np.select([pd.notna(stairwell), pd.notna(building), pd.notna(grid), placed],
                                         ["stairwell", "building", "grid", above], default=None), dtype=object)
    frame["distance_m"] = distance
    frame["confidence"] = np.where(~placed, np.nan,
                                   np.where(np.isnan(distance), 1.0, 1.0 - distance / (2 * max_distance_m)))
    frame["reason"] = pd.Series(np.where(placed, None, "outside all cells"), dtype=object)
    return frame


def _above_grids(index, points, frame, rows):
    """Place ``rows`` (no grid holds them) in the finest cell above grids that holds each; fill their codes
    in ``frame`` and return the level used per point (None where none holds it, or for other rows)."""
    level = np.full(len(points), None, dtype=object)
    cell = np.full(len(points), None, dtype=object)
    for name, layer in index.above_grids:
        if not len(rows):
            break
        hits = layer.code_at(layer.first_hit(points[rows]))
        found = pd.notna(hits)
        cell[rows[found]], level[rows[found]] = hits[found], name
        rows = rows[~found]
    held = np.flatnonzero(pd.notna(cell))
    if len(held):
        chains = {code: _community_chain(code, index.parents, index.levels) for code in set(cell[held])}
        for column in (*LEVEL_COLUMNS, "grid_code"):
            frame.loc[held, column] = [chains[code][column] for code in cell[held]]
    return level


def _with_chain(index, grid):
    """The codes above each grid (vectorized dictionary lookups), and the grid itself."""
    grids = pd.Series(grid, dtype=object)
    frame = pd.DataFrame({column: grids.map({g: chain[i] for g, chain in index.chains.items()})
                          for i, column in enumerate(LEVEL_COLUMNS)}, dtype=object)
    frame["grid_code"] = pd.Series(grid, dtype=object)
    return frame


def _microgrids(index, points):
    """(building code, stairwell code) holding each point, None where none does."""
    building = index.buildings.code_at(index.buildings.first_hit(points))
    inside = np.flatnonzero(pd.notna(building))
    stairwell = np.full(len(points), None, dtype=object)
    if len(inside):
        stairwell[inside] = index.stairwells.code_at(index.stairwells.first_hit(points[inside]))
    return building, stairwell


def _nearest(layer, points, max_distance_m):
    """Nearest cell code within ``max_distance_m`` (geodesic) of each point, and the distance."""
    codes = np.full(len(points), None, dtype=object)
    metres = np.full(len(points), np.nan)
    if len(layer.codes) == 0:
        return codes, metres
    lat = np.abs(shapely.get_y(points))
    # a degree of longitude is the shortest degree: search that far, then measure on the ellipsoid
    radius = max_distance_m / (METRES_PER_DEGREE_LAT * np.cos(np.radians(np.minimum(lat.max(), 89.0))))
    point_idx, cell_idx = layer.tree.query_nearest(points, max_distance=radius, all_matches=False)
    if len(point_idx) == 0:
        return codes, metres
    lines = shapely.shortest_line(points[point_idx], layer.geoms[cell_idx])
    xy = shapely.get_coordinates(lines).reshape(-1, 2, 2)
    _, _, dist = _GEOD.inv(xy[:, 0, 0], xy[:, 0, 1], xy[:, 1, 0], xy[:, 1, 1])
    near = dist <= max_distance_m
    codes[point_idx[near]] = layer.codes[cell_idx[near]]
    metres[point_idx[near]] = np.round(dist[near], 2)
    return codes, metres
