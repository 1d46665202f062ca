"""What the planners' map shows of one community in a generation — its grids with their metrics and
its buildings, as GeoJSON feature collections (EPSG:4326) — and what they export of a generation: every
grid as GeoJSON, and the building → grid table.

The metrics are :func:`grids.cells.metrics.grid_metrics`'s; this module only joins them to the shapes and
the grid members' codes and masked names (planning needs to know who holds a grid, not their full name;
planners never see phones, incident text or photos).
"""
import json

from gis.sqlfiles import load
from grids.cells import generations
from grids.cells.metrics import grid_metrics
from grids.privacy import mask_name

GRID_FIELDS = ("code", "name", "kind", "households", "buildings", "stairwells", "area_m2", "compactness",
               "parts", "contiguous")


def communities(conn):
    """The communities planners can open (those of the working generation): ``[{code, name, street_name}]``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "plan_communities"), {"generation": generations.working_generation(conn)})
        return [{"code": code, "name": name, "street_name": street} for code, name, street in cur.fetchall()]


def grid_features(conn, generation, community_code):
    """The grids of ``community_code`` in ``generation``: a FeatureCollection whose properties are
    :data:`GRID_FIELDS`, ``member_code`` and ``member_name`` (masked: ``张**``)."""
    metrics = {row["code"]: row for row in grid_metrics(conn, generation, community_code)}
    features = []
    for code, geometry, member_code, member_name in _rows(conn, "plan_grid_shapes", generation, community_code):
        properties = {field: metrics[code][field] for field in GRID_FIELDS} if code in metrics else {"code": code}
        features.append(_feature(geometry, {**properties, "member_code": member_code,
                                            "member_name": mask_name(member_name)}))
    return {"type": "FeatureCollection", "features": features}


def building_features(conn, generation, community_code):
    """The buildings of ``community_code`` in ``generation``: properties ``code``, ``name``,
    ``grid_code``, ``households``, ``address``."""
    rows = _rows(conn, "plan_buildings", generation, community_code)
    keys = ("code", "name", "grid_code", "households", "address")
    return {"type": "FeatureCollection",
            "features": [_feature(row[-1], dict(zip(keys, row[:-1]))) for row in rows]}


BUILDING_GRID_COLUMNS = ("building_code", "building_name", "grid_code", "grid_name", "community_code",
                         "community_name", "households", "population", "address")
GRID_LAYER_FIELDS = ("code", "name", "level", "kind", "parent_code", "households", "population", "area_m2")


def building_grid_rows(conn, generation, community_code=None):
    """Every building of ``generation`` (of one community when given) with its grid and community:
    tuples of :data:`BUILDING_GRID_COLUMNS`, by building code."""
    return _rows(conn, "plan_building_grids", generation, community_code)


def grid_layer(conn, generation):
    """Every grid of ``generation`` as a FeatureCollection (properties :data:`GRID_LAYER_FIELDS`)."""
    return {"type": "FeatureCollection", "generation": generation,
            "features": [_feature(row[-1], dict(zip(GRID_LAYER_FIELDS, row[:-1])))
                         for row in _rows(conn, "plan_grid_layer", generation, None)]}


def _rows(conn, name, generation, community_code):
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", name), {"generation": generation, "community": community_code})
        return cur.fetchall()


def _feature(geometry, properties):
    return {"type": "Feature", "geometry": json.loads(geometry), "properties": properties}
