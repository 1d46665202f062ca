"""Planning an edit, part 1: the wanted grids, which grids they replace, where every building goes.

Concept: an edit of a community's grids is stated as the complete new set of the grids it affects
(:class:`GridSpec`: geometry, kind, name, an optional code to keep, optionally the buildings that
belong to it). From it:

- the **replaced** grids: the ones named by ``replaces``, else the grids whose codes are kept, the
  grids of the buildings listed, and the grids of a kind in the set whose area a wanted grid overlaps;
- the **owner** of every building of the replaced basic grids: the grid that lists it, else the wanted
  basic grid holding most of its area, else (it lies in none) the grid it is in if that grid stays;
  a building always belongs to exactly one grid;
- the **fitted** geometries: a basic grid takes in the whole footprint of each of its buildings and
  gives up the footprints of everyone else's, so a boundary never cuts a building.

Geometries are in EPSG:4490 degrees; shares and sizes compare areas in degrees², which is enough
within one community. Codes and rows are settled in :mod:`grids.planning.edit_codes`.
"""
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape

from gis.validate import as_multipolygon, invalid_reasons
from grids.errors import DraftError

KINDS = ("basic", "dedicated")
MIN_PART_DEG2 = 1e-12      # polygon parts smaller than this (about 0.01 m²) are overlay dust
MIN_SHARE = 1e-4           # an overlap below this share of a grid's area does not count


@dataclass
class GridSpec:
    """One wanted grid of an edit."""

    geom: shapely.MultiPolygon
    kind: str
    name: str | None = None
    code: str | None = None
    buildings: tuple | None = None    # building codes; None: by majority of area


def grid_specs(area, new_grids):
    """:class:`GridSpec` for each dict of ``new_grids`` (``geometry``: shapely, GeoJSON dict or WKT;
    ``kind`` default basic; ``name``; ``code``; ``buildings``), clipped to the community."""
    community = area.community["geom"]
    specs = []
    for number, wanted in enumerate(new_grids, start=1):
        geom = valid_polygon(wanted.get("geometry"), f"grid {number} of the edit")
        kind = wanted.get("kind") or "basic"
        if kind not in KINDS:
            raise DraftError(f"grid {number} of the edit: kind {kind!r} is not one of {', '.join(KINDS)}")
        clipped = clean(shapely.intersection(geom, community))
        if clipped is None:
            raise DraftError(f"grid {number} of the edit lies outside community {area.community['code']}",
                             community=area.community["code"])
        buildings = wanted.get("buildings")
        if buildings is not None and kind == "dedicated" and len(buildings):
            raise DraftError(f"grid {number} of the edit is a dedicated grid: buildings belong to basic grids")
        specs.append(GridSpec(clipped, kind, wanted.get("name") or None, wanted.get("code") or None,
                              None if buildings is None else tuple(buildings)))
    return specs


def as_geometry(value):
    """A shapely geometry from a GeoJSON dict, WKT text or a shapely geometry (passed through)."""
    return shape(value) if isinstance(value, dict) else shapely.from_wkt(value) if isinstance(value, str) else value


def valid_polygon(value, what):
    """``value`` (see :func:`as_geometry`) as a valid MultiPolygon; :class:`DraftError` naming ``what``."""
    if value is None:
        raise DraftError(f"{what} has no geometry")
    geom = as_geometry(value)
    problems = invalid_reasons([geom])
    if problems:
        raise DraftError(f"{what} is not a valid polygon: {problems[0][1]}")
    return as_multipolygon(geom)


def clean(geom):
    """The polygonal parts of ``geom`` above :data:`MIN_PART_DEG2` as a MultiPolygon, or None if none."""
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom))
             if p.geom_type in ("Polygon", "MultiPolygon")]
    parts = [q for p in parts for q in shapely.get_parts(p) if q.area > MIN_PART_DEG2]
    return shapely.MultiPolygon(parts) if parts else None


def replaced_grids(area, specs, replaces=None):
    """The current grids (rows of ``area.grids``) the edit replaces; see the module docstring."""
    current = area.current_grids
    kept = [s.code for s in specs if s.code]
    unknown = [c for c in [*kept, *(replaces or [])] if c not in set(current["code"])]
    if unknown:
        raise DraftError(f"no grid {', '.join(unknown)} in community {area.community['code']} of the draft",
                         community=area.community["code"])
    if replaces is not None:
        missing = sorted(set(kept) - set(replaces))
        if missing:
            raise DraftError(f"grid {', '.join(missing)} is kept by the edit but not among the grids it replaces")
        return current[current["code"].isin(replaces)]
    affected = set(kept) | _grids_of_listed_buildings(area, specs)
    for kind in {s.kind for s in specs}:
        geoms = [s.geom for s in specs if s.kind == kind]
        same = current[current["kind"] == kind]
        shares = _overlap_shares(same["geom"].to_numpy(), geoms)
        affected |= set(same["code"].to_numpy()[shares.max(axis=1) > MIN_SHARE])
    return current[current["code"].isin(affected)]


def _grids_of_listed_buildings(area, specs):
    listed = {code for spec in specs for code in spec.buildings or ()}
    buildings = area.buildings
    return set(buildings.loc[buildings["code"].isin(listed), "parent_code"])


def _overlap_shares(geoms, others):
    """``[i, j]``: the share of ``geoms[i]``'s area that ``others[j]`` covers."""
    geoms, others = np.asarray(geoms, dtype=object), np.asarray(others, dtype=object)
    shares = np.zeros((len(geoms), len(others)))
    if len(geoms) and len(others):
        i, j = shapely.STRtree(others).query(geoms, predicate="intersects")
        shares[i, j] = shapely.area(shapely.intersection(geoms[i], others[j])) / shapely.area(geoms[i])
    return shares


def building_owners(area, specs, replaced):
    """``{building code: spec index}`` for every building of the replaced basic grids."""
    buildings = area.buildings
    moving = buildings[buildings["parent_code"].isin(set(replaced.loc[replaced["kind"] == "basic", "code"]))]
    owners = _listed_owners(area, specs, set(moving["code"]))
    unlisted = moving[~moving["code"].isin(owners.keys())]
    if unlisted.empty:
        return owners
    basic = [i for i, s in enumerate(specs) if s.kind == "basic"]
    shares = _overlap_shares(unlisted["geom"].to_numpy(), [specs[i].geom for i in basic])
    keeps = {s.code: i for i, s in enumerate(specs) if s.code}
    lost = []
    for row, (_, building) in enumerate(unlisted.iterrows()):
        if len(basic) and shares[row].max() > 0:
            owners[building["code"]] = basic[int(shares[row].argmax())]
        elif building["parent_code"] in keeps:
            owners[building["code"]] = keeps[building["parent_code"]]
        else:
            lost.append(building["code"])
    if lost:
        raise DraftError(f"{len(lost)} building(s) would belong to no grid: {', '.join(lost[:10])}; "
                         "draw the grids over them or list them in a grid", buildings=len(lost))
    return owners


def _listed_owners(area, specs, moving):
    owners = {}
    known = set(area.buildings["code"])
    for index, spec in enumerate(specs):
        for code in spec.buildings or ():
            if code in owners:
                raise DraftError(f"building {code} is listed in two grids of the edit", building=code)
            if code not in known:
                raise DraftError(f"{code} is no building of community {area.community['code']} in the draft",
                                 building=code)
            if code not in moving:
                raise DraftError(f"building {code} lies in a grid the edit does not replace", building=code)
            owners[code] = index
    return owners


def fitted_geometries(area, specs, owners):
    """Each spec's geometry, a basic one grown over its buildings and cut around everyone else's."""
    buildings = area.buildings
    owner = np.array([owners.get(code, -1) for code in buildings["code"]])
    footprints = buildings["geom"].to_numpy()
    tree = shapely.STRtree(footprints) if len(footprints) else None
    fitted = []
    for index, spec in enumerate(specs):
        if spec.kind != "basic" or tree is None:
            fitted.append(spec.geom)
            continue
        own = footprints[owner == index]
        outside = own[~shapely.covers(spec.geom, own)]
        near = tree.query(spec.geom, predicate="intersects")
        near = near[owner[near] != index]
        cutting = footprints[near][shapely.area(shapely.intersection(footprints[near], spec.geom)) > MIN_PART_DEG2]
        fitted.append(_fit(spec.geom, outside, cutting, index))
    return fitted


def _fit(geom, grow, cut, index):
    if not len(grow) and not len(cut):
        return geom
    grown = shapely.union_all([geom, *grow])
    fitted = clean(shapely.difference(grown, shapely.union_all(cut)) if len(cut) else grown)
    if fitted is None:
        raise DraftError(f"grid {index + 1} of the edit has no area left once other grids' buildings are cut out")
    return fitted


def building_sets(area, owners, count):
    """For each of ``count`` specs, the identities (codes as published) of the buildings it gets."""
    origin = dict(zip(area.buildings["code"], area.buildings["origin_code"]))
    sets = [set() for _ in range(count)]
    for code, index in owners.items():
        sets[index].add(origin[code])
    return [frozenset(s) for s in sets]

