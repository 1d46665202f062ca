"""A synthetic city for benchmarks: 2,000 grids, 100,000 buildings, and a million incidents.

About 20 × 20 km near Qingdao: basic grids are Voronoi cells of random points; communities (10 grids
each) and streets (20 communities each) are unions of their grids around seed points; buildings are
small rectangles inside their grid. Deterministic by seed. Not a demo: it only has to be big and
shaped like a city, as in shared/SPEED.md. The benches that load it take ``--buildings`` (fewer for
their smoke runs: the buildings' load into PostGIS is most of a small run).
"""
import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ORIGIN = (120.30, 36.05)
SIZE_DEG = (0.22, 0.18)           # about 20 km x 20 km at 36°N
DISTRICT = "370212"
GRIDS, BUILDINGS = 2_000, 100_000


def add_buildings_argument(parser):
    """``--buildings N``: the city's buildings (default 100,000)."""
    parser.add_argument("--buildings", type=int, default=BUILDINGS,
                        help=f"buildings of the synthetic city (default {BUILDINGS:,}; fewer for a smoke run)")


def city_size(buildings):
    """The city's size as the benches print it: ``2,000 grids, 100,000 buildings``."""
    return f"{GRIDS:,} grids, {buildings:,} buildings"


def build_city(seed=1, grids=GRIDS, buildings=BUILDINGS):
    """GeoDataFrame of cells (level, kind, code, name, parent_code, geometry), top level first."""
    rng = np.random.default_rng(seed)
    frame = box_frame()
    points = shapely.points(ORIGIN[0] + rng.random(grids) * SIZE_DEG[0], ORIGIN[1] + rng.random(grids) * SIZE_DEG[1])
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame))
    cells = shapely.intersection(cells, frame)
    centres = shapely.get_coordinates(shapely.centroid(cells))
    community = _nearest_seed(centres, grids // 10, rng)
    street = _nearest_seed(_group_centres(centres, community), grids // 200, rng)
    levels = [_level_rows("district", None, [frame], [DISTRICT], [None])]
    street_codes = [f"{DISTRICT}{s + 1:03d}" for s in range(street.max() + 1)]
    community_codes = [f"{street_codes[street[c]]}{c + 1:03d}" for c in range(community.max() + 1)]
    levels.append(_level_rows("street", None, _unions(cells, street[community]), street_codes, [DISTRICT] * len(street_codes)))
    levels.append(_level_rows("community", None, _unions(cells, community), community_codes,
                              [street_codes[street[c]] for c in range(len(community_codes))]))
    grid_codes = [f"{community_codes[c]}{serial:03d}" for c, serial in zip(community, _serials_within(community))]
    levels.append(_level_rows("grid", "basic", cells, grid_codes, [community_codes[c] for c in community]))
    levels.append(_buildings(cells, grid_codes, buildings, rng))
    return gpd.GeoDataFrame(pd.concat(levels, ignore_index=True), crs="EPSG:4490")


def _serials_within(groups):
    """1, 2, 3 … for the members of each group in order (a grid's serial within its community: codes
    follow the rule's 001–900 for basic grids)."""
    seen = {}
    serials = []
    for group in groups:
        seen[group] = seen.get(group, 0) + 1
        serials.append(seen[group])
    return serials


def box_frame():
    return shapely.box(ORIGIN[0], ORIGIN[1], ORIGIN[0] + SIZE_DEG[0], ORIGIN[1] + SIZE_DEG[1])


def _nearest_seed(centres, count, rng):
    seeds = centres[rng.choice(len(centres), count, replace=False)]
    distance = ((centres[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2)
    labels = distance.argmin(axis=1)
    return np.unique(labels, return_inverse=True)[1]   # renumber so no label is empty


def _group_centres(centres, labels):
    return np.array([centres[labels == g].mean(axis=0) for g in range(labels.max() + 1)])


def _unions(cells, labels):
    return [shapely.union_all(cells[labels == g]) for g in range(labels.max() + 1)]


def _level_rows(level, kind, geoms, codes, parents):
    multi = [g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g]) for g in geoms]
    return pd.DataFrame({"level": level, "kind": kind, "code": codes, "name": codes, "parent_code": parents,
                         "geometry": multi})


def _buildings(cells, grid_codes, count, rng):
    """``count`` small rectangles (about 20 × 12 m), each inside one grid, spread over the grids."""
    per_grid = np.bincount(rng.integers(0, len(cells), count), minlength=len(cells))
    rows = []
    for index, (cell, n) in enumerate(zip(cells, per_grid)):
        inner = shapely.buffer(cell, -0.0003)
        if inner.is_empty:
            inner = cell
        x, y = _points_in(inner, n, rng)
        rects = shapely.box(x - 0.0001, y - 0.00005, x + 0.0001, y + 0.00005)
        codes = [f"{grid_codes[index]}{k + 1:03d}" for k in range(n)]
        rows.append(_level_rows("microgrid", "building", rects, codes, [grid_codes[index]] * n))
    return pd.concat(rows, ignore_index=True)


def _points_in(polygon, n, rng):
    xmin, ymin, xmax, ymax = polygon.bounds
    xs, ys = np.empty(0), np.empty(0)
    while len(xs) < n:
        x = rng.uniform(xmin, xmax, 4 * n + 8)
        y = rng.uniform(ymin, ymax, 4 * n + 8)
        inside = shapely.contains_xy(polygon, x, y)
        xs, ys = np.concatenate([xs, x[inside]]), np.concatenate([ys, y[inside]])
    return xs[:n], ys[:n]


OUTSIDE_SHARE, MARGIN_DEG = 0.05, 0.01   # incidents in a band up to 0.01° beyond the city's edge


def incident_points(count, rng):
    """WGS 84 points: ``OUTSIDE_SHARE`` of them in the band around the city, the rest inside it."""
    lon = ORIGIN[0] + rng.uniform(0, SIZE_DEG[0], count)
    lat = ORIGIN[1] + rng.uniform(0, SIZE_DEG[1], count)
    outside = np.flatnonzero(rng.random(count) < OUTSIDE_SHARE)
    x, y = np.empty(0), np.empty(0)
    while len(x) < len(outside):                       # the band: the grown box less the city, by rejection
        bx = ORIGIN[0] + rng.uniform(-MARGIN_DEG, SIZE_DEG[0] + MARGIN_DEG, 4 * len(outside))
        by = ORIGIN[1] + rng.uniform(-MARGIN_DEG, SIZE_DEG[1] + MARGIN_DEG, 4 * len(outside))
        band = (bx < ORIGIN[0]) | (bx > ORIGIN[0] + SIZE_DEG[0]) | (by < ORIGIN[1]) | (by > ORIGIN[1] + SIZE_DEG[1])
        x, y = np.concatenate([x, bx[band]]), np.concatenate([y, by[band]])
    lon[outside], lat[outside] = x[:len(outside)], y[:len(outside)]
    return lon, lat


def write_incident_csv(path, count=1_000_000, seed=2):
    """A patrol export of ``count`` incidents with WGS 84 coordinates (5% outside the city)."""
    rng = np.random.default_rng(seed)
    lon, lat = incident_points(count, rng)
    start = np.datetime64("2025-01-01T00:00:00")
    times = start + rng.integers(0, 365 * 86400, count).astype("timedelta64[s]")
    categories = np.array(["噪声扰民", "环境卫生", "邻里纠纷", "占道经营", "供暖", "物业纠纷"])
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["上报编号", "上报时间", "事件类型", "事件描述", "经度", "纬度"])
        text_times = np.datetime_as_string(times, unit="s")
        for i in range(count):
            writer.writerow([f"XC{i:08d}", text_times[i].replace("T", " "), categories[i % len(categories)],
                             "巡查发现", f"{lon[i]:.6f}", f"{lat[i]:.6f}"])
    return path
