"""Placing stored incidents again, in the grids of another generation (a draft, a proposal).

Concept: a replay asks where past incidents would belong under other boundaries. Each incident
carries the point it was placed by — its coordinates, or, placed by address (or by hand), the point of
the stairwell, building or grid it was matched to (``grids.incidents.locate`` gives such incidents that point) —
and is placed again the way the intake placed it:

- placed by **coordinates**, or by **address at a building or stairwell** (its point is the
  micro-grid's point on surface, and the intake places it as it would place that point): by
  ``grids.incidents.placement.place_points`` — dedicated grids first, the lowest code on a shared edge, the
  nearest grid within 50 m for a point just outside every grid. The point lies in its building, so
  the incident follows its building wherever a redraw puts it, into a dedicated grid drawn over it too;
- placed in a basic grid by an address naming a compound or road, or by hand: among the basic grids
  only — the grid was named, and its point (the grid's point on surface) may lie under a dedicated
  grid that never claimed the incident.

Only grids are needed, so the index holds the grids of one generation (a few ms for a district), not
its micro-grids (0.3 s for the demo's 16,657).
"""
from dataclasses import replace

import numpy as np
import shapely

from grids.cells.store import cells_as_of
from grids.incidents.placement import CellIndex, Layer, place_points


def grid_index(conn, generation):
    """A ``grids.incidents.placement.CellIndex`` of the grids of ``generation`` only (no micro-grids, no chain
    above the community): all ``place_points`` needs to settle an incident's grid."""
    grids = cells_as_of(conn, generation, "grid")
    empty = _empty_layer()
    basic, dedicated = (Layer.of(grids[grids["kind"] == kind]) for kind in ("basic", "dedicated"))
    chains = {code: (None, None, parent) for code, parent in zip(grids["code"], grids["parent_code"])}
    return CellIndex(generation, basic, dedicated, empty, empty, chains, {}, {}, {}, {})


def place_again(index, lon, lat, by_address):
    """The grid code (None: in no grid) of each point (EPSG:4490) in ``index`` (:func:`grid_index`),
    among the basic grids only where ``by_address`` (incidents placed in a basic grid the address or the
    hand named: a compound's or road's grid, or by hand)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    by_address = np.asarray(by_address, dtype=bool)
    found = np.full(len(lon), None, dtype=object)
    for mask, cells in ((~by_address, index), (by_address, replace(index, dedicated=_empty_layer()))):
        if mask.any():
            codes = place_points(cells, lon[mask], lat[mask])["grid_code"].to_numpy(dtype=object)
            found[mask] = [code if isinstance(code, str) else None for code in codes]
    return found


def _empty_layer():
    nothing = np.array([], dtype=object)
    return Layer(nothing, nothing, shapely.STRtree(nothing))
