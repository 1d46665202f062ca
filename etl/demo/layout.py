"""The demo district's plane partition: basic grids as Voronoi cells, grouped into communities and streets.

The partition is built bottom-up so that every level tiles its parent exactly: the basic grids are the
Voronoi cells of one set of seed points, and communities, streets and the district are unions of grids,
so a parent's outline is made of its children's edges, vertex for vertex, and no cell is ever clipped.
The seeds are placed top-down so that the groups come out compact: street seeds split an irregular
outline, each street's community seeds are spread over its part by a few rounds of Lloyd relaxation,
and each community's grid seeds over the community's part. A grid belongs to the community whose part
held its seed. Where a street's or a community's grids come out in more than one piece, each smaller
piece joins the neighbouring group it shares the longest edge with (within the same street, for a
community), so every group is one polygon. A ring of ghost seeds outside the outline closes the outer
cells; the ghosts' own cells are dropped, which leaves the district a jagged, irregular outline.

Everything here is in metres on a plane centred on the district (x east, y north).
"""
from dataclasses import dataclass

import numpy as np
import shapely

from grids.cells.codes import serial_order

RELAX_ROUNDS = 6
GHOST_RINGS = ((250.0, 300.0), (3000.0, 1500.0))  # (distance outside the outline, spacing), metres


@dataclass
class Partition:
    """Basic grids of the district and the community each belongs to."""

    grids: np.ndarray      # Polygon per basic grid (Voronoi cells, convex)
    community: np.ndarray  # community index per grid


def partition(rng, street_seeds, community_street, grid_counts, half_size=(4800.0, 3800.0)):
    """Cut an irregular district into contiguous streets, communities and basic grids.

    Parameters
    ----------
    rng : numpy.random.Generator
    street_seeds : (S, 2) array
        Where each street's part is centred, metres.
    community_street : (C,) int array
        The street index of each community; communities of a street are numbered west to east.
    grid_counts : (C,) int array
        How many basic grids each community gets (before pieces are merged).
    half_size : (float, float)
        Half the width and height of the outline, metres.

    Returns
    -------
    Partition
    """
    outline = _outline(rng, *half_size)
    street_parts = _clipped_cells(street_seeds, outline)
    seeds, community = [], []
    for street, part in enumerate(street_parts):
        members = np.flatnonzero(community_street == street)
        spread = _spread(rng, part, len(members))
        spread = spread[np.argsort(serial_order(shapely.points(spread)))]
        for c, region in zip(members, _clipped_cells(spread, part)):
            seeds.append(_spread(rng, region, grid_counts[c]))
            community.append(np.full(grid_counts[c], c))
    seeds, community = np.concatenate(seeds), np.concatenate(community)
    ghosts = np.concatenate([_ring(outline, offset, spacing) for offset, spacing in GHOST_RINGS])
    grids = _voronoi(np.concatenate([seeds, ghosts]), shapely.buffer(outline, 8000.0))[:len(seeds)]
    community = _contiguous(grids, community, community_street)
    return Partition(grids, community)


def _outline(rng, half_width, half_height, vertices=120):
    """A smooth, irregular, star-shaped outline: an ellipse wobbled by a few harmonics."""
    theta = np.linspace(0.0, 2 * np.pi, vertices, endpoint=False)
    harmonics = np.arange(2, 7)[:, None]
    wobble = rng.uniform(0.02, 0.05, (5, 1)) * np.cos(harmonics * theta + rng.uniform(0, 2 * np.pi, (5, 1)))
    radius = 1.0 + wobble.sum(axis=0)
    return shapely.Polygon(np.column_stack([half_width * radius * np.cos(theta),
                                            half_height * radius * np.sin(theta)]))


def _spread(rng, region, n):
    """``n`` points spread evenly over ``region``: uniform samples, then Lloyd relaxation."""
    points = sample(rng, region, n)
    for _ in range(RELAX_ROUNDS):
        centres = shapely.get_coordinates(shapely.centroid(_clipped_cells(points, region)))
        inside = shapely.contains_xy(region, centres[:, 0], centres[:, 1])
        points = np.where(inside[:, None], centres, points)
    return points


def sample(rng, region, n):
    """``n`` uniform random points inside ``region`` (rejection sampling in its bounding box)."""
    minx, miny, maxx, maxy = region.bounds
    found = np.empty((0, 2))
    while len(found) < n:
        candidates = rng.uniform((minx, miny), (maxx, maxy), size=(4 * n, 2))
        found = np.concatenate([found, candidates[shapely.contains_xy(region, *candidates.T)]])
    return found[:n]


def _voronoi(points, extent):
    """Voronoi cells of ``points``, in the order of the points."""
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=extent, ordered=True)
    return shapely.get_parts(cells)


def _clipped_cells(points, region):
    return shapely.intersection(_voronoi(points, region), region)


def _ring(outline, offset, spacing):
    """Ghost seeds every ``spacing`` metres along the outline pushed ``offset`` metres outwards."""
    ring = shapely.buffer(outline, offset).exterior
    return shapely.get_coordinates(shapely.line_interpolate_point(ring, np.arange(0.0, ring.length, spacing)))


def _contiguous(grids, community, community_street):
    """Community labels with every street and every community in one piece."""
    neighbours = _neighbours(grids)
    community = community.copy()
    _merge_pieces(community, lambda labels: community_street[labels], neighbours,
                  allowed=lambda piece, target: True)
    _merge_pieces(community, lambda labels: labels, neighbours,
                  allowed=lambda piece, target: community_street[target] == community_street[piece])
    return community


def _neighbours(cells):
    """``{i: {j: length of the edge i and j share}}`` for cells sharing more than a point."""
    tree = shapely.STRtree(cells)
    i, j = tree.query(cells, predicate="intersects")
    i, j = i[i != j], j[i != j]
    shared = shapely.length(shapely.intersection(cells[i], cells[j]))
    neighbours = {k: {} for k in range(len(cells))}
    for a, b, length in zip(i.tolist(), j.tolist(), shared.tolist()):
        if length > 0:
            neighbours[a][b] = length
    return neighbours


def _merge_pieces(labels, group_of, neighbours, allowed):
    """Give each detached piece of a group (all but its largest) to the best neighbouring label.

    ``group_of(labels)`` maps the labels to the groups that must be contiguous; ``allowed(piece_label,
    target_label)`` says whether a piece may join a label. ``labels`` is changed in place.
    """
    changed = True
    while changed:
        changed = False
        groups = group_of(labels)
        for group in np.unique(groups):
            pieces = _components(np.flatnonzero(groups == group), neighbours)
            for piece in pieces[1:]:
                labels[piece] = _best_label(piece, labels, neighbours, allowed)
                changed = True
            if changed:
                break


def _components(members, neighbours):
    """Connected pieces of ``members`` (lists of indices), largest first, ties by lowest index."""
    todo, pieces = set(members.tolist()), []
    while todo:
        stack, piece = [min(todo)], set()
        while stack:
            cell = stack.pop()
            if cell in todo:
                todo.discard(cell)
                piece.add(cell)
                stack.extend(n for n in neighbours[cell] if n in todo)
        pieces.append(sorted(piece))
    return sorted(pieces, key=lambda p: (-len(p), p[0]))


def _best_label(piece, labels, neighbours, allowed):
    """The label, outside ``piece``, of the neighbours it shares the longest edge with."""
    inside, own = set(piece), labels[piece[0]]
    shared = {}
    for cell in piece:
        for other, length in neighbours[cell].items():
            target = labels[other]
            if other not in inside and target != own and allowed(own, target):
                shared[target] = shared.get(target, 0.0) + length
    return max(sorted(shared), key=shared.get)
