"""A proposed division of a community into K grids that balances load, as a draft to adjust.

Concept: a grid is a group of buildings. The community's ground is shared out among its buildings
(:mod:`grids.planning.analysis.tessellation`: every building owns the ground nearest to it, and these cells tile the
community); each cell carries a **planning load**; K contiguous groups of cells with loads as even as
possible are found (:mod:`grids.planning.analysis.regions`); each group's cells, dissolved, are a proposed grid — valid,
without gaps or overlaps, holding its buildings whole.

The **planning load** is the lasting part of ``grids.cases.workload``'s load index (``grids.planning.analysis.impact``):
households and the incident intake of the last ``months`` calendar months, weighted 0.4 and 0.6 and
each divided by its mean over the generation's grids, so a cell's load is its share of an average
grid's. Open work at one moment is left out: it is re-dispatched when the grids change and says
nothing about where work will arise. A cell's incidents are those whose stored point lies in it (the
coordinates, or the point of the building or grid an address was matched to); incidents that belong
to a dedicated grid (placed again as a load replay places them, :mod:`grids.incidents.replay`) stay with it
and are not shared out.

"Before" is the community's basic grids as they are (their buildings' households, the incidents whose
point they hold, by the placement rules), "after" the proposal; both count the same incidents.
:func:`apply_proposal` writes a proposal into the draft through ``grids.planning.edits.replace_grids``.
"""
import json
import time

import numpy as np
import pandas as pd
import pyproj
import shapely

from gis.sqlfiles import load
from grids import clock
from grids.cases.workload import MONTHS
from grids.cells import codes, generations
from grids.errors import ProposalError
from grids.incidents.replay import grid_index, place_again
from grids.planning import drafts
from grids.planning.analysis import regions
from grids.planning.analysis.impact import PLANNING_WEIGHTS, grid_loads, part_means, spread, window_start
from grids.planning.analysis.tessellation import LocalPlane, building_cells, neighbours
from grids.planning.edits import replace_grids

_GEOD = pyproj.Geod(ellps="GRS80")   # CGCS2000's ellipsoid


def propose_division(conn, community_code, k, now=None, seed=0, *, generation=None, months=MONTHS,
                     compactness_weight=regions.COMPACTNESS_WEIGHT):
    """Divide the buildings of ``community_code`` into ``k`` contiguous grids of even planning load.

    ``generation``: the one to read (default: the working one, the draft if there is one). Returns a
    JSON-friendly dict:

    - ``community_code``, ``generation``, ``revision`` (of the draft when it was read; 0 without a
      draft), ``k``, ``seed``, ``now``, ``window`` ``{from, to}``, ``buildings`` and ``incidents`` (how
      many were shared out), ``seconds``;
    - ``assignment``: ``{building code: group}``, groups numbered 1…k by the standard code order
      (west → east, then north → south);
    - ``grids``: per group ``{group, buildings (codes), households, incidents, load, area_m2,
      compactness (Polsby-Popper on the ellipsoid), geometry (GeoJSON, EPSG:4326 = 4490 here, full
      precision)}``;
    - ``current``: the community's basic grids now, ``{code, households, incidents, load}``;
    - ``spread``: for ``load``, ``households`` and ``incidents``: ``{"before": …, "after": …}`` as
      ``grids.planning.analysis.impact.spread`` (grids, mean, max, max_mean, cv).
    """
    started = time.perf_counter()
    now = clock.resolve(now)
    generation = generation or generations.working_generation(conn)
    revision = drafts.draft_status(conn, codes.district_of(community_code))["revision"]
    area, buildings = _community(conn, generation, community_code), _buildings(conn, generation, community_code)
    if not 1 <= k <= len(buildings):
        raise ProposalError(f"community {community_code} has {len(buildings)} buildings in generation "
                            f"{generation}; k must be from 1 to {len(buildings)}, not {k}",
                            community=community_code, k=k)
    index = grid_index(conn, generation)
    basic_grids = [code for code in index.basic.codes if index.chains[code][2] == community_code]
    means = part_means(grid_loads(conn, generation, now, months).values())
    points, current = _incidents(conn, index, community_code, now, months, basic_grids)
    cells = building_cells(area, buildings.geometry)
    unit_incidents = np.bincount(_cell_of(cells, points), minlength=len(cells))
    loads = unit_loads(buildings["households"].to_numpy(), unit_incidents, means, months)
    labels = _regions(area, buildings, cells, loads, k, seed, compactness_weight)
    polygons, labels = _dissolve(cells, labels, k)
    before = _current(basic_grids, buildings, current, means, months)
    after = _groups(buildings, labels, unit_incidents, loads, polygons)
    return {
        "community_code": community_code, "generation": generation, "revision": revision, "k": k, "seed": seed,
        "now": now.isoformat(),
        "window": {"from": window_start(now, months).isoformat(), "to": now.isoformat()},
        "buildings": len(buildings), "incidents": int(len(points)),
        "assignment": dict(zip(buildings["code"], (int(g) for g in labels + 1))),
        "grids": after, "current": before,
        "spread": {part: {"before": spread([g[part] for g in before]), "after": spread([g[part] for g in after])}
                   for part in ("load", "households", "incidents")},
        "seconds": round(time.perf_counter() - started, 3),
    }


def _regions(area, buildings, cells, loads, k, seed, compactness_weight):
    """Region of each building cell: neighbours and positions measured in the community's local plane."""
    plane = LocalPlane.around(area)
    positions = shapely.get_coordinates(plane.forward(shapely.point_on_surface(buildings.geometry)))
    return regions.balanced_regions(loads, neighbours(cells, plane), positions, k, seed,
                                    compactness_weight=compactness_weight)


def unit_loads(households, incidents, means, months=MONTHS):
    """The planning load of each unit (``grids.planning.analysis.impact.planning_load``, vectorized over arrays)."""
    per_month = np.asarray(incidents, dtype=float) / months
    households = np.asarray(households, dtype=float)
    return (PLANNING_WEIGHTS["households"] * _relative(households, means["households"])
            + PLANNING_WEIGHTS["avg_cases_per_month"] * _relative(per_month, means["avg_cases_per_month"]))


def _relative(values, mean):
    return values / mean if mean else np.ones_like(values)


def apply_proposal(conn, proposal, *, by, expected_revision=None, reason=""):
    """Write ``proposal`` (a :func:`propose_division` result) into the draft: its grids replace the
    community's basic grids, each with its buildings; codes follow the standard rule and the change log
    maps the old codes to the new (``grids.planning.edits.replace_grids``, which checks ``by`` and
    ``expected_revision``). ``expected_revision`` defaults to the revision the proposal was read at, so
    a draft edited since is refused with a conflict instead of mixing the two. Returns replace_grids'
    ``EditResult``."""
    if expected_revision is None:
        expected_revision = proposal["revision"]
    new_grids = [{"geometry": grid["geometry"], "kind": "basic", "buildings": list(grid["buildings"])}
                 for grid in proposal["grids"]]
    reason = reason or f"proposed division into {proposal['k']} grids (seed {proposal['seed']})"
    return replace_grids(conn, proposal["community_code"], new_grids, by=by, expected_revision=expected_revision,
                         reason=reason, edit="proposal")


def _community(conn, generation, community_code):
    with conn.cursor() as cur:
        cur.execute(load("grids.planning.analysis", "proposal_community"),
                    {"generation": generation, "community": community_code})
        row = cur.fetchone()
    if row is None:
        raise ProposalError(f"there is no community {community_code} in generation {generation}",
                            community=community_code, generation=generation)
    return shapely.from_wkb(bytes(row[0]))


def _buildings(conn, generation, community_code):
    with conn.cursor() as cur:
        cur.execute(load("grids.planning.analysis", "proposal_buildings"),
                    {"generation": generation, "community": community_code})
        frame = pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])
    frame["geometry"] = shapely.from_wkb([bytes(w) for w in frame.pop("wkb")]) if len(frame) else []
    return frame


def _incidents(conn, index, community_code, now, months, basic_grids):
    """The points of the incidents to share out (EPSG:4490) and the basic grid each is in now: those
    placed again (:mod:`grids.incidents.replay`, as a load replay does) in one of ``basic_grids``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning.analysis", "proposal_incidents"),
                    {"generation": index.generation, "community": community_code, "now": now,
                     "months_from": window_start(now, months)})
        rows = cur.fetchall()
    lon, lat, stored, by_point = (np.array([row[i] for row in rows]) for i in range(4))
    grid = place_again(index, lon, lat, ~by_point.astype(bool) & np.isin(stored, index.basic.codes))
    mine = np.isin(grid, basic_grids)
    return shapely.points(lon[mine], lat[mine]), grid[mine]


def _cell_of(cells, points):
    """The cell holding each point (one of them, always the same, on a shared edge; the nearest for a
    point outside every cell)."""
    found = np.full(len(points), -1)
    if not len(points):
        return found
    tree = shapely.STRtree(cells)
    point_idx, cell_idx = tree.query(points, predicate="intersects")
    found[point_idx[::-1]] = cell_idx[::-1]
    outside = np.flatnonzero(found < 0)
    if len(outside):
        found[outside] = tree.query_nearest(points[outside], all_matches=False)[1]
    return found


def _dissolve(cells, labels, k):
    """One polygon per region, renumbered in the standard code order; (polygons, labels)."""
    polygons = np.array([shapely.coverage_union_all(cells[labels == region]) for region in range(k)], dtype=object)
    rank = codes.serial_order(shapely.point_on_surface(polygons))
    order = np.argsort(rank)
    return polygons[order], rank[labels]


def _current(basic_grids, buildings, grid_of_incident, means, months):
    """The community's basic grids as they are: their buildings' households, the incidents they hold."""
    households = buildings.groupby("grid_code")["households"].sum()
    incidents = pd.Series(grid_of_incident, dtype=object).value_counts()
    rows = []
    for code in basic_grids:
        h, n = int(households.get(code, 0)), int(incidents.get(code, 0))
        rows.append({"code": code, "households": h, "incidents": n,
                     "load": round(float(unit_loads([h], [n], means, months)[0]), 4)})
    return rows


def _groups(buildings, labels, unit_incidents, loads, polygons):
    rows = []
    for group, polygon in enumerate(polygons):
        mine = labels == group
        area, perimeter = _GEOD.geometry_area_perimeter(polygon)
        rows.append({"group": group + 1, "buildings": buildings["code"][mine].tolist(),
                     "households": int(buildings["households"][mine].sum()),
                     "incidents": int(unit_incidents[mine].sum()),
                     "load": round(float(loads[mine].sum()), 4), "area_m2": round(abs(area), 1),
                     "compactness": round(4 * np.pi * abs(area) / perimeter ** 2, 4),
                     "geometry": json.loads(shapely.to_geojson(polygon))})
    return rows
