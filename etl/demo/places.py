"""Where the demo's incidents happen: a true point for each, and the cells that hold it.

Concept: an incident happens at a point, and the truth is the cell the platform's rules put that point in
— the same rules as :mod:`grids.incidents.placement` (dedicated grid before the basic grid beneath it; the
lowest code on a shared edge; the stairwell holding the point, else the building). Three kinds of place:

- **building** (most): a building drawn with weight households × a heavy-tailed (lognormal) factor of its
  compound × a milder one of its own, so a few compounds are much busier than the rest; a category may
  weigh village houses differently (no central heating in a village, land disputes are rural); then one
  of its stairwells, and a uniform point inside it;
- **open** space (streets, squares): a basic grid drawn by households and area, and a point in it that
  lies in no building;
- **facility**: a dedicated grid (市场, 商业广场, 产业园, 写字楼, 学校) that is a hotspot of the category,
  and a point anywhere in it.

Points are drawn by rejection in each polygon's bounds, vectorized with ``shapely.contains_xy``, and
stay unrounded so that the truth is exact. Every place also names the building an address would be
given by: its own, or for open space and facilities the nearest one ("XX小区门口").
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from etl.demo.profiles import CATEGORY_PROFILES

COMPOUND_SIGMA, BUILDING_SIGMA, GRID_SIGMA = 1.0, 0.3, 0.5  # lognormal spreads of the busyness factors
MAX_ROUNDS = 200


@dataclass
class Sites:
    """The district's cells arranged for drawing places, with the busyness factors of this seed."""

    buildings: pd.DataFrame   # code, grid_code, house, households, weight, first (stairwell index), units
    stairwells: pd.DataFrame  # code, parent_code (in code order)
    basic: pd.DataFrame       # code, weight
    dedicated: pd.DataFrame   # code, name
    geoms: dict               # "buildings" | "stairwells" | "basic" | "dedicated" -> geometry array
    trees: dict               # the same keys -> STRtree

    @classmethod
    def of(cls, rng, district):
        cells = district.cells.sort_values("code")
        part = {key: cells[(cells["level"] == level) & (cells["kind"] == kind)].reset_index(drop=True)
                for key, level, kind in (("buildings", "microgrid", "building"),
                                         ("stairwells", "microgrid", "stairwell"),
                                         ("basic", "grid", "basic"), ("dedicated", "grid", "dedicated"))}
        geoms = {key: np.asarray(frame.geometry.values, dtype=object) for key, frame in part.items()}
        for array in geoms.values():
            shapely.prepare(array)
        return cls(_buildings(rng, part["buildings"], part["stairwells"], district.addresses),
                   part["stairwells"][["code", "parent_code"]], _basic(rng, part["basic"], geoms["basic"]),
                   part["dedicated"][["code", "name"]], geoms,
                   {key: shapely.STRtree(array) for key, array in geoms.items()})


def _buildings(rng, buildings, stairwells, addresses):
    frame = buildings[["code", "parent_code"]].rename(columns={"parent_code": "grid_code"})
    frame["households"] = buildings["households"].fillna(0).to_numpy(dtype=float)
    book = addresses.set_index("cell_code").loc[frame["code"]]
    frame["house"] = book["building_number"].isna().to_numpy()
    compound = pd.factorize(book["road"] + book["door_number"] + book["compound"])[0]
    factor = rng.lognormal(0.0, COMPOUND_SIGMA, compound.max() + 1)[compound]
    frame["weight"] = frame["households"] * factor * rng.lognormal(0.0, BUILDING_SIGMA, len(frame))
    units = stairwells.groupby("parent_code").size().reindex(frame["code"]).to_numpy()
    frame["units"], frame["first"] = units, np.cumsum(units) - units  # stairwells are in code order too
    return frame


def _basic(rng, basic, geoms):
    households = basic["households"].fillna(0).to_numpy(dtype=float)
    area = shapely.area(geoms)
    weight = (households / households.mean() + area / area.mean()) / 2
    return pd.DataFrame({"code": basic["code"], "weight": weight * rng.lognormal(0.0, GRID_SIGMA, len(basic))})


def draw_places(rng, sites, category):
    """A true place for each incident of ``category`` (array of 小类 codes).

    Returns a DataFrame: ``place`` ('building', 'open', 'facility'), ``lon``, ``lat`` (EPSG:4490),
    ``true_grid_code``, ``true_microgrid_code`` (None in open space), ``building`` (index into
    ``sites.buildings`` of the building the address names).
    """
    profile = CATEGORY_PROFILES.set_index("code").loc[category]
    hotspots = {code: _facilities(sites, words) for code, words in zip(CATEGORY_PROFILES["code"],
                                                                         CATEGORY_PROFILES["hotspot"])}
    u = rng.random((2, len(category)))
    has_hotspot = np.array([len(hotspots[code]) > 0 for code in category])
    to_facility = (u[0] < profile["hotspot_share"].to_numpy()) & has_hotspot
    place = np.where(to_facility, "facility", np.where(u[1] < profile["open"].to_numpy(), "open", "building"))
    lon, lat, building = np.empty(len(category)), np.empty(len(category)), np.zeros(len(category), dtype=int)
    rows = np.flatnonzero(place == "building")
    building[rows], lon[rows], lat[rows] = _in_buildings(rng, sites, profile["house"].to_numpy()[rows],
                                                         category[rows])
    rows = np.flatnonzero(place == "open")
    grid = rng.choice(len(sites.basic), len(rows), p=_normed(sites.basic["weight"]))
    lon[rows], lat[rows] = points_in(rng, sites.geoms["basic"][grid],
                                     avoid=lambda x, y: _hits(sites, "buildings", x, y) >= 0)
    rows = np.flatnonzero(place == "facility")
    grid = np.zeros(len(rows), dtype=int)
    for code in pd.unique(category[rows]):
        group = np.flatnonzero(category[rows] == code)
        grid[group] = rng.choice(hotspots[code], len(group))
    lon[rows], lat[rows] = points_in(rng, sites.geoms["dedicated"][grid])
    elsewhere = np.flatnonzero(place != "building")
    building[elsewhere] = sites.trees["buildings"].query_nearest(
        shapely.points(lon[elsewhere], lat[elsewhere]), all_matches=False)[1]
    return pd.DataFrame({"place": place, "lon": lon, "lat": lat, **truth(sites, lon, lat), "building": building})


def _facilities(sites, words):
    """Indices of the dedicated grids whose name holds one of ``words`` ('a|b', or '-' for none)."""
    if words == "-":
        return np.array([], dtype=int)
    return np.flatnonzero(sites.dedicated["name"].str.contains(words, regex=True).to_numpy())


def _in_buildings(rng, sites, house_factor, category):
    """Building index and a point in one of its stairwells, category by category (weights differ)."""
    buildings = sites.buildings
    chosen = np.zeros(len(category), dtype=int)
    for code in pd.unique(category):
        rows = np.flatnonzero(category == code)
        factor = np.where(buildings["house"], house_factor[rows[0]], 1.0)
        chosen[rows] = rng.choice(len(buildings), len(rows), p=_normed(buildings["weight"] * factor))
    units = buildings["units"].to_numpy()[chosen]
    stairwell = buildings["first"].to_numpy()[chosen] + (rng.random(len(chosen)) * units).astype(int)
    return (chosen, *points_in(rng, sites.geoms["stairwells"][stairwell]))


def points_in(rng, geoms, avoid=None):
    """One uniform random point inside each polygon of ``geoms`` (which may repeat), in its own units.

    Rejection sampling in each polygon's bounds, all polygons at once; ``avoid(x, y)`` → bool array
    rejects points too (e.g. those inside a building).

    Examples
    --------
    >>> x, y = points_in(np.random.default_rng(0), np.array([shapely.box(0, 0, 2, 1)] * 3))
    >>> bool(((0 < x) & (x < 2) & (0 < y) & (y < 1)).all())
    True
    """
    bounds = shapely.bounds(geoms)
    x, y = np.empty(len(geoms)), np.empty(len(geoms))
    todo = np.arange(len(geoms))
    for _ in range(MAX_ROUNDS):
        if len(todo) == 0:
            return x, y
        cx = rng.uniform(bounds[todo, 0], bounds[todo, 2])
        cy = rng.uniform(bounds[todo, 1], bounds[todo, 3])
        ok = shapely.contains_xy(geoms[todo], cx, cy)
        if avoid is not None:
            ok &= ~avoid(cx, cy)
        x[todo[ok]], y[todo[ok]] = cx[ok], cy[ok]
        todo = todo[~ok]
    raise ValueError(f"no point found in {len(todo)} polygon(s) after {MAX_ROUNDS} rounds")


def truth(sites, lon, lat):
    """``true_grid_code`` and ``true_microgrid_code`` of EPSG:4490 points, by the placement rules."""
    dedicated, basic = _hits(sites, "dedicated", lon, lat), _hits(sites, "basic", lon, lat)
    grid = np.where(dedicated >= 0, sites.dedicated["code"].to_numpy()[dedicated],
                    np.where(basic >= 0, sites.basic["code"].to_numpy()[basic], None))
    stairwell, building = _hits(sites, "stairwells", lon, lat), _hits(sites, "buildings", lon, lat)
    micro = np.where(stairwell >= 0, sites.stairwells["code"].to_numpy()[stairwell],
                     np.where(building >= 0, sites.buildings["code"].to_numpy()[building], None))
    return {"true_grid_code": pd.Series(grid, dtype=object), "true_microgrid_code": pd.Series(micro, dtype=object)}


def _hits(sites, key, x, y):
    """Index of the lowest-code cell of ``key`` holding each point (the edge rule), -1 where none does."""
    points = shapely.points(x, y)
    point, cell = sites.trees[key].query(points, predicate="intersects")
    order = np.lexsort((cell, point))  # cells are in code order: the first per point has the lowest code
    point, cell = point[order], cell[order]
    first = np.r_[True, point[1:] != point[:-1]][:len(point)]
    hits = np.full(len(points), -1)
    hits[point[first]] = cell[first]
    return hits


def _normed(weights):
    weights = np.asarray(weights, dtype=float)
    return weights / weights.sum()
