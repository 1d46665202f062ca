"""Buildings of the demo district: rectangles laid out the way Chinese compounds and villages look.

An urban compound (小区) is rows of slab buildings facing south, a few degrees off east–west, each 2–6
units long; a unit (单元) is one stairwell with two flats a floor. A village is a cluster of one-unit
houses on a jittered lattice, sometimes beside a few resettlement blocks (回迁楼). Buildings keep a
margin inside their grid, so none crosses a grid edge; the buildings of a grid sit on a lattice whose
pitch exceeds their size, so none overlaps another. A building is cut into its units along its long
axis, unit 1 at the west end; the building's outline carries the cut points too, so its stairwell
micro-grids tile it vertex for vertex.

Lengths are metres, angles radians counter-clockwise from east, on the plane of ``etl.demo.layout``.
"""
from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely

from etl.demo.layout import sample

MARGIN = 8.0          # metres between a building and its grid's edge
HOUSE_PITCH = (24.0, 30.0)
HOUSE_SIZE = ((10.0, 14.0), (7.0, 10.0))  # length and depth ranges of a village house
HOUSE_HALF_DIAGONAL = 0.5 * np.hypot(HOUSE_SIZE[0][1], HOUSE_SIZE[1][1])  # the largest house


class Style(NamedTuple):
    """A kind of multi-unit building and how a compound lays its rows out."""

    floors: tuple[int, int]
    units: tuple[int, int]
    unit_width: float
    depth: float
    row_gap: float
    col_gap: float


STYLES = {
    "walkup": Style((6, 7), (3, 6), 16.0, 11.0, 22.0, 12.0),      # 多层
    "midrise": Style((8, 11), (2, 4), 18.0, 13.0, 30.0, 14.0),    # 小高层
    "highrise": Style((12, 18), (2, 3), 20.0, 15.0, 40.0, 18.0),  # 高层
    "resettle": Style((6, 6), (2, 3), 16.0, 11.0, 20.0, 12.0),    # 回迁楼 beside a village
}


class Profile(NamedTuple):
    """What a grid holds: (min, max) blocks of one of ``styles``, and its relative share of the houses."""

    styles: tuple[str, ...]
    blocks: tuple[int, int]
    house_share: float


PROFILES = {
    "compound": Profile(("walkup", "midrise", "highrise"), (6, 12), 0.0),
    "mixed": Profile(("resettle",), (3, 7), 1.0),
    "village": Profile(("resettle",), (0, 2), 3.0),
}
COLUMNS = ("grid", "x", "y", "length", "depth", "angle", "units", "unit_households", "house")


def place_buildings(rng, grids, profiles, total):
    """About ``total`` buildings in the grids: a frame with one row per building, columns ``COLUMNS``.

    Each grid gets the blocks its profile (a ``PROFILES`` key) asks for; village houses make up the rest
    of ``total``, shared among the grids by ``house_share`` (± 40 %). ``unit_households`` is the number of
    households of each of a building's units. A grid too small for what it is given gets what fits.
    """
    inner = shapely.buffer(grids, -MARGIN)
    shapely.prepare(inner)
    blocks = []
    for polygon, profile in zip(inner, profiles):
        spec = PROFILES[profile]
        blocks.append(_blocks(rng, polygon, rng.integers(*spec.blocks, endpoint=True),
                              STYLES[rng.choice(spec.styles)]))
    shares = np.array([PROFILES[p].house_share for p in profiles]) * rng.uniform(0.6, 1.4, len(grids))
    wanted = _apportion(shares, total - sum(len(b["x"]) for b in blocks))
    batches = []
    for index, (polygon, block, n) in enumerate(zip(inner, blocks, wanted)):
        keep_clear = shapely.buffer(shapely.union_all(_rectangles(block)), 2 * MARGIN)
        for batch in (block, _houses(rng, polygon, n, keep_clear)):
            batches.append(pd.DataFrame(batch).assign(grid=index))
    return pd.concat(batches, ignore_index=True)[list(COLUMNS)]


def _apportion(shares, total):
    """Whole numbers in proportion to ``shares`` adding up to ``total`` (largest remainders)."""
    exact = shares / shares.sum() * max(total, 0)
    counts = np.floor(exact).astype(int)
    counts[np.argsort(counts - exact, kind="stable")[:int(round(exact.sum())) - counts.sum()]] += 1
    return counts


def _blocks(rng, inner, n, style):
    """``n`` slab buildings of ``style`` in parallel rows, as compact a compound as fits."""
    angle = float(np.clip(rng.normal(0.0, 0.15), -0.5, 0.5))
    (minx, miny, maxx, maxy), centre = _local_bounds(inner, angle)
    rows = int((maxy - miny) // (style.depth + style.row_gap)) + 1
    cols = int((maxx - minx) // (style.units[0] * style.unit_width + style.col_gap)) + 1
    units = rng.integers(*style.units, size=(rows, cols), endpoint=True)
    length = units * style.unit_width
    step = length + style.col_gap
    x = minx + rng.uniform(0, style.col_gap, (rows, 1)) + np.cumsum(step, axis=1) - step + length / 2
    y = np.broadcast_to(miny + (np.arange(rows)[:, None] + 0.5) * (style.depth + style.row_gap), x.shape)
    batch = _candidates(centre, angle, x.ravel(), y.ravel(), length.ravel(), style.depth, units.ravel())
    batch = _pick(rng, batch, shapely.contains_properly(inner, _rectangles(batch)), n)
    floors = rng.integers(*style.floors, size=len(batch["x"]), endpoint=True)
    return batch | {"unit_households": 2 * floors, "house": np.zeros(len(floors), dtype=bool)}


def _houses(rng, inner, n, keep_clear):
    """``n`` one-unit village houses of 1–2 households on a jittered lattice, clustered around one spot."""
    angle = float(rng.normal(0.0, 0.1))
    pitch = rng.uniform(*HOUSE_PITCH)
    (minx, miny, maxx, maxy), centre = _local_bounds(inner, angle)
    gx, gy = np.meshgrid(np.arange(minx + pitch / 2, maxx, pitch), np.arange(miny + pitch / 2, maxy, pitch))
    jitter = 0.9 * (pitch / 2 - HOUSE_HALF_DIAGONAL)
    x, y = (g.ravel() + rng.uniform(-jitter, jitter, g.size) for g in (gx, gy))
    length, depth = (rng.uniform(*size, x.size) for size in HOUSE_SIZE)
    batch = _candidates(centre, angle, x, y, length, depth, np.ones(x.size, dtype=np.int64))
    batch["angle"] = batch["angle"] + rng.uniform(-0.08, 0.08, x.size)
    rectangles = _rectangles(batch)
    fits = shapely.contains_properly(inner, rectangles) & ~shapely.intersects(keep_clear, rectangles)
    batch = _pick(rng, batch, fits, n)
    picked = len(batch["x"])
    return batch | {"unit_households": rng.integers(1, 2, size=picked, endpoint=True), "house": np.ones(picked, dtype=bool)}


def _local_bounds(polygon, angle):
    """Bounds of ``polygon`` turned by ``-angle`` about its centroid, and that centroid."""
    centre = shapely.get_coordinates(shapely.centroid(polygon))[0]
    turned = shapely.transform(polygon, lambda xy: _turn(xy - centre, -angle))
    return turned.bounds, centre


def _turn(xy, angle):
    cos, sin = np.cos(angle), np.sin(angle)
    return xy @ np.array([[cos, sin], [-sin, cos]])


def _candidates(centre, angle, x, y, length, depth, units):
    """Candidate buildings (a dict of arrays) from centres in the turned frame of ``_local_bounds``."""
    world = _turn(np.column_stack([x, y]), angle) + centre
    return {"x": world[:, 0], "y": world[:, 1], "length": length, "depth": np.broadcast_to(depth, x.shape),
            "angle": np.full(x.shape, angle), "units": units}


def _pick(rng, batch, fits, n):
    """The ``n`` fitting candidates nearest a random fitting one (all of them when fewer fit)."""
    index = np.flatnonzero(fits)
    if len(index) and n:
        anchor = rng.choice(index)
        distance = np.hypot(batch["x"][index] - batch["x"][anchor], batch["y"][index] - batch["y"][anchor])
        index = index[np.argsort(distance, kind="stable")[:n]]
    else:
        index = index[:0]
    return {key: values[index] for key, values in batch.items()}


def _rectangles(batch):
    """Plain rectangles of buildings (for fitting; outlines come from :func:`cut_points`)."""
    bottom, top, starts = cut_points(batch | {"units": np.ones(len(batch["x"]), dtype=np.int64)})
    return shapely.polygons(np.stack([bottom[starts], bottom[starts + 1], top[starts + 1], top[starts]], axis=1))


def cut_points(buildings):
    """Corner and cut points along the long sides of each building, unit 1 first (west end).

    ``buildings`` maps ``x``, ``y``, ``length``, ``depth``, ``angle`` and ``units`` to arrays (a frame
    will do). Returns ``bottom`` and ``top`` (P, 2) arrays (the south and north long sides, ``units + 1``
    points per building, building by building) and the index of each building's first point in them.
    """
    units = np.asarray(buildings["units"])
    starts = np.cumsum(units + 1) - (units + 1)
    building = np.repeat(np.arange(len(units)), units + 1)
    k = np.arange(len(building)) - starts[building]
    length, depth, angle = (np.asarray(buildings[c])[building] for c in ("length", "depth", "angle"))
    along = -length / 2 + k * length / units[building]
    axis = np.column_stack([np.cos(angle), np.sin(angle)])
    normal = np.column_stack([-axis[:, 1], axis[:, 0]])
    centre = np.column_stack([buildings["x"], buildings["y"]])[building] + along[:, None] * axis
    return centre - depth[:, None] / 2 * normal, centre + depth[:, None] / 2 * normal, starts


def outlines(bottom, top, starts, units):
    """Building polygons through all their cut points: the south side west→east, the north side back."""
    building = np.repeat(np.arange(len(units)), 2 * (units + 1))
    local = np.arange(len(building)) - 2 * starts[building]
    on_bottom = local <= units[building]
    k = np.where(on_bottom, local, 2 * units[building] + 1 - local)
    coords = np.where(on_bottom[:, None], bottom[starts[building] + k], top[starts[building] + k])
    return shapely.polygons(shapely.linearrings(coords, indices=building))


def stairwells(bottom, top, starts, units):
    """Stairwell polygons, unit by unit (building by building), and the building index of each."""
    building = np.repeat(np.arange(len(units)), units)
    point = starts[building] + np.arange(len(building)) - np.repeat(np.cumsum(units) - units, units)
    corners = np.stack([bottom[point], bottom[point + 1], top[point + 1], top[point]], axis=1)
    return shapely.polygons(corners), building


def dedicated_sites(rng, regions, sizes, inset=30.0, tries=64):
    """One rectangle per region, ``sizes`` (width, height) metres, at least ``inset`` inside it.

    A site that does not fit after ``tries`` random places is shrunk by a third and tried again.
    """
    sites = []
    for region, (width, height) in zip(regions, sizes):
        inner = shapely.buffer(region, -inset)
        while True:
            centres = sample(rng, inner, tries)
            rectangles = _rectangles({"x": centres[:, 0], "y": centres[:, 1], "length": np.full(tries, width),
                                      "depth": np.full(tries, height), "angle": rng.uniform(-0.3, 0.3, tries)})
            fits = np.flatnonzero(shapely.contains_properly(inner, rectangles))
            if len(fits):
                sites.append(rectangles[fits[0]])
                break
            width, height = width * 2 / 3, height * 2 / 3
    return np.array(sites, dtype=object)
