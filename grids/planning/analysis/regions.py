"""Balanced contiguous regions: K groups of neighbouring units with loads as even as possible.

Concept: dividing a community into K grids is a *regionalization* of its building cells (the units):
every unit goes to exactly one region, every region is connected through neighbouring units, and the
regions' loads (the sums of their units' loads) should be as even as possible while staying compact.
Libraries such as spopt solve related problems (homogeneous regions, as many regions as possible above
a floor), not this one, so gridgov does it directly (docs/planning-analysis.md compares):

1. **Seeds**: K units spread over the community, chosen as k-means++ does (each next seed drawn with a
   probability rising with the squared distance to the nearest seed so far), from ``seed``.
2. **Growing**: the region with the least load takes the free neighbouring unit nearest its seed,
   until every unit is taken (regions grow compactly and roughly even).
3. **Boundary moves**: a unit on a region's edge moves to a neighbouring region when that lowers
   ``cost = CV² + compactness_weight × cut share`` (CV: coefficient of variation of the regions' loads;
   cut share: the border between different regions as a share of all borders between units — the lower,
   the more compact) and its old region stays connected and non-empty; passes repeat until no move helps.
4. **Restarts**: steps 1–3 ``RESTARTS`` times with seeds drawn from ``seed``; the lowest cost wins.

Same input and ``seed``, same regions.
"""
import heapq

import numpy as np

from grids.errors import ProposalError

COMPACTNESS_WEIGHT = 0.3
RESTARTS = 8
MAX_PASSES = 200


def balanced_regions(loads, neighbours, positions, k, seed=0, restarts=RESTARTS,
                     compactness_weight=COMPACTNESS_WEIGHT):
    """Region label (0 … k−1) of each unit.

    Parameters
    ----------
    loads : array_like of float
        The load of each unit (≥ 0).
    neighbours : list of dict
        For each unit, ``{neighbour: shared border length}`` (symmetric).
    positions : array_like, shape (n, 2)
        A point of each unit in a plane (metres), for seeds and compact growth.
    k : int
        How many regions (1 ≤ k ≤ number of units).
    seed : int
        Seeds the random choice of the first units; the same seed gives the same regions.
    compactness_weight : float
        Weight of the cut share against CV² in the cost (0: balance only).

    Returns
    -------
    numpy.ndarray of int
    """
    loads = np.asarray(loads, dtype=float)
    positions = np.asarray(positions, dtype=float)
    if not 1 <= k <= len(loads):
        raise ProposalError(f"cannot make {k} regions of {len(loads)} buildings", k=k, units=len(loads))
    rng = np.random.default_rng(seed)
    best, best_cost = None, np.inf
    for _ in range(restarts):
        labels = _grow(loads, neighbours, positions, _seeds(positions, k, rng))
        labels, cost = _improve(labels, loads, neighbours, k, compactness_weight)
        if cost < best_cost:
            best, best_cost = labels, cost
    return best


def _seeds(positions, k, rng):
    """k-means++ seeding on the units' positions."""
    seeds = [int(rng.integers(len(positions)))]
    nearest = np.sum((positions - positions[seeds[0]]) ** 2, axis=1)
    for _ in range(k - 1):
        total = nearest.sum()
        pick = int(rng.choice(len(positions), p=nearest / total)) if total > 0 else int(rng.integers(len(positions)))
        seeds.append(pick)
        nearest = np.minimum(nearest, np.sum((positions - positions[pick]) ** 2, axis=1))
    return seeds


def _grow(loads, neighbours, positions, seeds):
    """Grow the regions from their seeds, the least loaded region taking its nearest free neighbour."""
    labels = np.full(len(loads), -1)
    frontier = [[] for _ in seeds]
    region_loads = np.zeros(len(seeds))
    for region, unit in enumerate(seeds):
        _take(region, unit, labels, region_loads, loads, frontier, neighbours, positions, seeds)
    active = set(range(len(seeds)))
    while active:
        region = min(active, key=lambda r: (region_loads[r], r))
        heap = frontier[region]
        while heap and labels[heap[0][1]] >= 0:
            heapq.heappop(heap)
        if not heap:
            active.discard(region)
            continue
        _take(region, heapq.heappop(heap)[1], labels, region_loads, loads, frontier, neighbours, positions, seeds)
    _attach_unreached(labels, positions)
    return labels


def _take(region, unit, labels, region_loads, loads, frontier, neighbours, positions, seeds):
    labels[unit] = region
    region_loads[region] += loads[unit]
    for other in neighbours[unit]:
        if labels[other] < 0:
            distance = float(np.sum((positions[other] - positions[seeds[region]]) ** 2))
            heapq.heappush(frontier[region], (distance, other))


def _attach_unreached(labels, positions):
    """Units no region reached (a part of the community cut off from the rest) join the nearest region."""
    for unit in np.flatnonzero(labels < 0):
        taken = np.flatnonzero(labels >= 0)
        labels[unit] = labels[taken[np.argmin(np.sum((positions[taken] - positions[unit]) ** 2, axis=1))]]


def _improve(labels, loads, neighbours, k, compactness_weight):
    """Boundary moves that lower the cost while keeping every region connected; (labels, cost)."""
    labels = labels.copy()
    state = _State(labels, loads, neighbours, k, compactness_weight)
    for _ in range(MAX_PASSES):
        moved = False
        for unit in range(len(labels)):
            target = state.best_move(unit)
            if target is not None:
                state.move(unit, target)
                moved = True
        if not moved:
            break
    return state.labels, state.cost()


class _State:
    """Regions with their loads, members and cut border; a single move is priced in O(its neighbours)."""

    def __init__(self, labels, loads, neighbours, k, compactness_weight):
        self.labels, self.loads, self.neighbours = labels, loads, neighbours
        self.region_loads = np.bincount(labels, weights=loads, minlength=k)
        self.members = [set(np.flatnonzero(labels == r)) for r in range(k)]
        self.mean = loads.sum() / k
        # cost = Σ (load − mean)² / (k mean²) + weight × cut / all borders: the factors of the two sums
        self.balance_factor = 1.0 / (k * self.mean ** 2) if self.mean else 0.0
        self.cut_factor = compactness_weight / (sum(sum(n.values()) for n in neighbours) / 2 or 1.0)
        self.cut = sum(m for u, n in enumerate(neighbours) for v, m in n.items() if u < v and labels[u] != labels[v])

    def cost(self):
        return (float(np.sum((self.region_loads - self.mean) ** 2)) * self.balance_factor
                + self.cut * self.cut_factor)

    def best_move(self, unit):
        """The neighbouring region ``unit`` should move to (the one lowering the cost most), or None."""
        home = self.labels[unit]
        targets = {self.labels[v] for v in self.neighbours[unit]} - {home}
        if not targets or len(self.members[home]) == 1:
            return None
        best, best_change = None, -1e-12
        for target in sorted(targets):
            change = self._change(unit, home, target)
            if change < best_change:
                best, best_change = target, change
        if best is not None and not self._connected_without(home, unit):
            return None
        return best

    def _change(self, unit, home, target):
        """How much the cost changes when ``unit`` moves from ``home`` to ``target``."""
        w = self.loads[unit]
        squares = 2 * w * w - 2 * w * (self.region_loads[home] - self.region_loads[target])
        return squares * self.balance_factor + self._cut_change(unit, home, target) * self.cut_factor

    def _cut_change(self, unit, home, target):
        change = 0.0
        for v, metres in self.neighbours[unit].items():
            label = self.labels[v]
            change += metres if label == home else -metres if label == target else 0.0
        return change

    def _connected_without(self, region, unit):
        rest = self.members[region] - {unit}
        start = next(iter(rest))
        seen, stack = {start}, [start]
        while stack:
            for v in self.neighbours[stack.pop()]:
                if v in rest and v not in seen:
                    seen.add(v)
                    stack.append(v)
        return len(seen) == len(rest)

    def move(self, unit, target):
        home = self.labels[unit]
        self.cut += self._cut_change(unit, home, target)
        self.region_loads[home] -= self.loads[unit]
        self.region_loads[target] += self.loads[unit]
        self.members[home].discard(unit)
        self.members[target].add(unit)
        self.labels[unit] = target
