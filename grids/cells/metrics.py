"""Grid metrics for planners: what each grid holds and how it is shaped, in one generation.

Concept: a planner redrawing grids watches a few figures per grid (DistrictBuilder shows the same kind
for electoral districts): the **households** and **buildings** (and stairwells) a grid member serves,
the **area**, the **compactness** and the **contiguity**.

- Compactness is the **Polsby-Popper** score 4πA/P² (1 for a disc, π/4 ≈ 0.785 for a square, near 0
  for a thin strip). A and P are measured **on the CGCS2000 ellipsoid** (``ST_Area`` and
  ``ST_Perimeter`` of the geography), never in a projection, so the score does not depend on where
  the grid lies; holes count in the perimeter.
- Contiguity is the number of polygon parts: a contiguous grid has exactly one. Two parts touching at
  a single corner count as two (a member cannot walk through a corner), as in a valid MultiPolygon.

Example::

    grid_metrics(conn, generation=2, community_code="370212001001")
    # [{"code": "370212001001001", "name": "…", "kind": "basic", "community_code": "370212001001",
    #   "households": 434, "buildings": 8, "stairwells": 15, "area_m2": 151234.5, "perimeter_m": 1620.3,
    #   "compactness": 0.724, "parts": 1, "contiguous": True, "member": 17}, …]
"""
import math

from gis.sqlfiles import load


def grid_metrics(conn, generation, community_code=None):
    """One dict per grid of ``generation`` (those of ``community_code`` when given), by code.

    Keys: ``code``, ``name``, ``kind``, ``community_code``, ``households`` (the grid's figure, else the
    sum of its buildings'; None when neither is known), ``buildings``, ``stairwells``, ``area_m2``,
    ``perimeter_m``, ``compactness`` (Polsby-Popper, 0–1), ``parts``, ``contiguous`` (one part) and
    ``member`` (the id of its grid member, the lowest when several, None without one).
    """
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "grid_metrics"), {"generation": generation, "community": community_code})
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    return [_with_shape(row) for row in rows]


def polsby_popper(area_m2, perimeter_m):
    """4πA/P²: 1 for a disc, π/4 for a square.

    >>> round(polsby_popper(1.0, 4.0), 4)
    0.7854
    """
    return 4 * math.pi * area_m2 / perimeter_m ** 2


def _with_shape(row):
    households = row["households"]
    return {**row, "households": None if households is None else int(households),
            "area_m2": round(row["area_m2"], 1), "perimeter_m": round(row["perimeter_m"], 1),
            "compactness": round(polsby_popper(row["area_m2"], row["perimeter_m"]), 4),
            "contiguous": row["parts"] == 1}
