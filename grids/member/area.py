"""A grid member's area: their grids, the buildings and stairwells in them, households and building heads.

Concept: what a member patrols is their grids (网格) and, inside them, the micro-grids (微网格) — each
building (楼栋) and its stairwells (楼道/单元) — with the standard address on the door, the households
behind it and the building head (楼长/楼道长) to call. It comes from the cell store of the current
generation (:func:`grids.mapview.cell_layers.current`) and the people tables, limited to the account's scope: a
member never receives another grid's people. One grid is small (the demo's: 32 micro-grids, ~20 KiB),
so it is sent whole, unsimplified.
"""
import json

from gis.sqlfiles import load
from grids.mapview import cell_layers

ADDRESS_FIELDS = ("full_address", "compound", "road", "door_number", "building_number", "unit")


def member_area(conn, scope):
    """``{"generation", "grids", "microgrids"}``: two GeoJSON FeatureCollections (EPSG:4326) of the cells
    under the ``scope`` roots; micro-grid properties carry the address, households and ``heads``."""
    generation = cell_layers.current(conn)
    with conn.cursor() as cur:
        cur.execute(load("grids.member", "member_area"), {"generation": generation, "scope": list(scope)})
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    grids = [_feature(row) for row in rows if row["level"] == "grid"]
    microgrids = [_feature(row) for row in rows if row["level"] == "microgrid"]
    return {"generation": generation, "grids": _collection(grids), "microgrids": _collection(microgrids)}


def _feature(row):
    props = {k: row[k] for k in ("code", "name", "level", "kind", "parent_code", "households", "population")}
    props["area_m2"] = round(row["area_m2"], 1) if row["area_m2"] is not None else None
    if row["level"] == "microgrid":
        props.update({k: row[k] for k in ADDRESS_FIELDS}, heads=_heads(row["heads"]))
    return {"type": "Feature", "id": row["code"], "geometry": json.loads(row["geometry"]), "properties": props}


def _heads(value):
    return json.loads(value) if isinstance(value, str) else list(value or [])


def _collection(features):
    return {"type": "FeatureCollection", "features": features}
