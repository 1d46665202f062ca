"""Hand-checkable shapes for tests: a 2×2 community near Qingdao cut into four 1×1 grids.

One unit is 0.01° (about 900 m east-west, 1.1 km north-south at 36°N). ``square(col, row)`` is the
unit square whose south-west corner is ``col`` units east and ``row`` units north of the origin.
"""
import geopandas as gpd
from shapely.geometry import MultiPolygon, box

ORIGIN = (120.40, 36.05)
UNIT = 0.01


def square(col, row, width=1.0, height=1.0):
    x = [ORIGIN[0] + c * UNIT for c in (col, col + width)]
    y = [ORIGIN[1] + r * UNIT for r in (row, row + height)]
    return box(x[0], y[0], x[1], y[1])


def multi(geom):
    return geom if geom.geom_type == "MultiPolygon" else MultiPolygon([geom])


def import_frame(rows):
    """The frame ``grids.cells.boundaries.import_cells`` takes, from dicts with code/name/parent/geom."""
    return gpd.GeoDataFrame({
        "feature_index": list(range(len(rows))),
        "feature_id": [r.get("id") for r in rows],
        "code": [r.get("code") for r in rows],
        "name": [r.get("name", r.get("code") or f"cell {i}") for i, r in enumerate(rows)],
        "parent_code": [r.get("parent") for r in rows],
        "kind": [r.get("kind") for r in rows],
        "households": [r.get("households") for r in rows],
        "population": [r.get("population") for r in rows],
        "attributes": [r.get("attributes", {}) for r in rows],
    }, geometry=[r["geom"] for r in rows], crs="EPSG:4490")


def load_two_by_two(conn, grids=None):
    """District ⊃ street ⊃ community (2×2) ⊃ four basic grids; returns the generation."""
    from grids.cells.boundaries import import_cells

    area = square(0, 0, 2, 2)
    import_cells(conn, import_frame([{"code": "370212", "name": "区", "geom": area}]), "district")
    import_cells(conn, import_frame([{"code": "370212001", "name": "街道", "geom": area}]), "street")
    report = import_cells(conn, import_frame([{"code": "370212001001", "name": "社区", "geom": area}]),
                          "community")
    if grids is None:
        grids = [{"code": f"370212001001{i:03d}", "geom": square(c, r)}
                 for i, (c, r) in enumerate([(0, 1), (0, 0), (1, 1), (1, 0)], start=1)]
    if grids:
        report = import_cells(conn, import_frame(grids), "grid", "basic")
    return report.generation
