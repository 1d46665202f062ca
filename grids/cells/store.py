"""The cell store: writing cells into a generation and reading them back as of any generation.

Writes go through a staging table: the incoming cells are COPYed into ``cell_stage``, parents and
codes are settled there, and ``merge_stage`` folds them into the generation being written (see
``sql/cells_merge.sql`` for how history is kept). Only a draft generation can be written.
"""
import json

import geopandas as gpd
import pandas as pd
import shapely
from psycopg2 import sql

from gis.bulk import copy_rows, hex_ewkb
from gis.crs import STORAGE_SRID
from gis.sqlfiles import load
from grids.errors import GenerationError

GEOMETRY_TOLERANCE_DEG = 1e-9
STAGE_COLUMNS = ("stage_index", "code", "level", "kind", "name", "parent_code", "households",
                 "population", "attributes", "geom")


def stage(conn, frame):
    """COPY a frame of incoming cells into a fresh ``cell_stage`` table.

    ``frame`` has the columns of ``STAGE_COLUMNS`` except ``geom``, plus a ``geometry`` of
    MultiPolygons in EPSG:4490; ``attributes`` holds dicts.
    """
    rows = zip(
        frame["stage_index"], frame["code"], frame["level"], frame["kind"], frame["name"],
        frame["parent_code"], _integers(frame["households"]), _integers(frame["population"]),
        (json.dumps(a, ensure_ascii=False, sort_keys=True, default=str) for a in frame["attributes"]),
        hex_ewkb(frame.geometry.values),
    )
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_stage_create"))
        copy_rows(cur, "cell_stage", STAGE_COLUMNS, rows)
        cur.execute("ANALYZE cell_stage")


def mark_same_geometries(conn, generation):
    """Flag staged cells whose geometry equals their stored version vertex by vertex.

    Equal means the same vertices within ``GEOMETRY_TOLERANCE_DEG`` (about 0.1 mm) once both are
    normalized (ring orientation and start vertex): a file written and read back differs from what was
    stored in the last bits (GeoJSON keeps 15 significant digits) and in ring orientation (Shapefiles
    store outer rings clockwise), and neither must make a new version of every cell.
    """
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_stored_geometries"), {"generation": generation})
        rows = cur.fetchall()
        if not rows:
            return
        indexes, staged, stored = zip(*rows)
        staged, stored = shapely.normalize(_from_wkb(staged)), shapely.normalize(_from_wkb(stored))
        same = shapely.equals_exact(staged, stored, tolerance=GEOMETRY_TOLERANCE_DEG)
        cur.execute(load("grids.cells", "cells_stage_same"),
                    {"indexes": [int(i) for i, flag in zip(indexes, same) if flag]})


def _from_wkb(values):
    return shapely.from_wkb([bytes(v) for v in values])


def _integers(series):
    return (None if pd.isna(v) else int(v) for v in series)


def set_staged(conn, column, values):
    """Set ``column`` (``code`` or ``parent_code``) of staged cells from ``{stage_index: value}``."""
    if column not in ("code", "parent_code"):
        raise ValueError(column)
    statement = sql.SQL(
        "UPDATE cell_stage s SET {} = v.value "
        "FROM unnest(%(indexes)s::int[], %(values)s::text[]) AS v(stage_index, value) "
        "WHERE s.stage_index = v.stage_index"
    ).format(sql.Identifier(column))
    with conn.cursor() as cur:
        cur.execute(statement, {"indexes": list(values.keys()), "values": list(values.values())})


def renumber_staged(conn, renumbered):
    """Give staged cells new codes from ``{stage_index: (old_code, new_code)}``, the old one kept in
    their attributes as ``old_code``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_stage_renumber"), {
            "indexes": [int(i) for i in renumbered], "codes": [new for _, new in renumbered.values()],
            "old_codes": [old for old, _ in renumbered.values()]})


def renumbered_before(conn, generation, parent_codes, level, kind):
    """``{(parent_code, old_code): code}`` given by earlier renumbering under ``parent_codes``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_renumbered_before"), {
            "generation": generation, "parent_codes": list(parent_codes), "level": level, "kind": kind})
        return {(parent, old): code for parent, old, code in cur.fetchall()}


def parents_by_overlap(conn, generation, parent_level, parent_kind):
    """``{stage_index: (parent_code, share)}`` for staged cells without a parent code."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_parent_by_overlap"),
                    {"generation": generation, "parent_level": parent_level, "parent_kind": parent_kind})
        return {index: (code, share) for index, code, share in cur.fetchall()}


def existing_codes(conn, generation, codes, level, kind=None):
    """The subset of ``codes`` that are cells of ``level`` (and ``kind``) in ``generation``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_existing_codes"),
                    {"codes": list(codes), "level": level, "kind": kind, "generation": generation})
        return {row[0] for row in cur.fetchall()}


def has_level(conn, generation, level):
    """Whether ``generation`` holds a cell of ``level``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_level_exists"), {"generation": generation, "level": level})
        return cur.fetchone()[0]


def max_codes(conn, generation, parent_codes, level, kind):
    """``{parent_code: highest code in use}`` under each parent for ``level``/``kind``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_max_serial"), {
            "generation": generation, "parent_codes": list(parent_codes), "level": level, "kind": kind})
        return dict(cur.fetchall())


def level_conflicts(conn, generation):
    """Staged cells whose code belongs to a cell of another level or kind: ``[(index, code, level, kind)]``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_level_conflicts"), {"generation": generation})
        return cur.fetchall()


def merge_stage(conn, generation):
    """Fold ``cell_stage`` into ``generation`` (a draft); return ``{added, changed, unchanged}``."""
    _require_draft(conn, generation)
    mark_same_geometries(conn, generation)
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cells_merge"), {"generation": generation})
        counts = dict(cur.fetchall())
    return {status: counts.get(status, 0) for status in ("added", "changed", "unchanged")}


def _require_draft(conn, generation):
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_published_at"), {"generation": generation})
        row = cur.fetchone()
    if row is None:
        raise GenerationError("no such generation", generation=generation)
    if row[0] is not None:
        raise GenerationError("a published generation is never changed; write to a draft", generation=generation)


def cells_as_of(conn, generation, level=None, kind=None):
    """GeoDataFrame (EPSG:4490) of the cells valid in ``generation``, optionally one level/kind."""
    return _cell_frame(conn, "cells_as_of", {"generation": generation, "level": level, "kind": kind})


def cells_for_placement(conn, generation):
    """GeoDataFrame of the cells valid in ``generation`` with only what placement reads (code, level,
    kind, name, parent_code): a city's 100,000 cells load in a third of the time of :func:`cells_as_of`."""
    return _cell_frame(conn, "cells_for_placement", {"generation": generation})


def _cell_frame(conn, query, params):
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", query), params)
        columns = [d[0] for d in cur.description]
        frame = pd.DataFrame(cur.fetchall(), columns=columns)
    geometry = _from_wkb(frame.pop("geom")) if len(frame) else []
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=f"EPSG:{STORAGE_SRID}")


def cell_versions(conn, code):
    """Every stored version of a cell, oldest first: ``[{generation_low, generation_high, name, area_m2, …}]``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "cell_versions"), {"code": code})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
