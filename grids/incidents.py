"""The incident store: one table for every channel, each incident placed in its cells.

An incident is identified by its channel and the channel's own ticket number (``source_ref``):
``upsert_incidents`` adds new ones, updates those whose source row changed (``content_hash``) and
leaves identical ones alone, so importing the same export twice changes nothing. An update keeps the
case status and any placement made by hand. Incidents that could not be placed form the review queue
(``unplaced_incidents``); ``place_by_hand`` settles one with a cell code.
"""
import json

import numpy as np
import pandas as pd

from gis.bulk import copy_columns, copy_rows, hex_ewkb
from gis.sqlfiles import load
from grids.errors import HierarchyError, IncidentError

STAGE_COLUMNS = (
    "channel", "source_ref", "reported_at", "category_code", "category_text", "title", "description",
    "reporter_name", "reporter_phone", "address", "source_x", "source_y", "source_crs", "geom",
    "generation_id", "district_code", "street_code", "community_code", "grid_code", "microgrid_code",
    "placement_method", "placement_level", "placement_confidence", "placement_distance_m",
    "unplaced_reason", "placement_candidates", "attributes", "content_hash",
)
JSON_COLUMNS = ("placement_candidates", "attributes")


def upsert_incidents(conn, frame):
    """Write incidents (a frame with ``STAGE_COLUMNS``; ``geom`` shapely points or None).

    Returns ``{"added": n, "updated": n, "unchanged": n, "updated_refs": [...]}``.
    """
    if frame.empty:
        return {"added": 0, "updated": 0, "unchanged": 0, "updated_refs": []}
    with conn.cursor() as cur:
        cur.execute(load("grids", "incidents_stage_create"))
        copy_columns(cur, "incident_stage", _stage_columns(frame))
        cur.execute(load("grids", "incidents_upsert"))
        written = cur.fetchall()
        cur.execute("DROP TABLE incident_stage")
    added = sum(1 for _, is_new in written if is_new)
    updated = [ref for ref, is_new in written if not is_new]
    return {"added": added, "updated": len(updated), "unchanged": len(frame) - len(written),
            "updated_refs": updated}


def _stage_columns(frame):
    """The frame's columns as COPY can take them: geometries as EWKB, JSON as text, times in UTC."""
    columns = {}
    for name in STAGE_COLUMNS:
        values = frame[name].to_numpy(dtype=object)
        if name == "geom":
            values = _ewkb_or_none(values)
        elif name in JSON_COLUMNS:
            values = np.array([_json(v) for v in values], dtype=object)
        elif name == "reported_at":
            utc = pd.DatetimeIndex(frame[name]).tz_convert(None).to_numpy()  # naive UTC
            values = np.char.add(np.datetime_as_string(utc, unit="us"), "Z").astype(object)
        columns[name] = values
    return columns


def _json(value):
    """JSON text of a dict or list (most are empty: no call to json for those)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str) if value else ("{}" if isinstance(value, dict) else "[]")


def _ewkb_or_none(geoms):
    out = np.full(len(geoms), None, dtype=object)
    present = np.flatnonzero(pd.notna(geoms))
    if len(present):
        out[present] = hex_ewkb(geoms[present])
    return out


def unplaced_incidents(conn, limit=100, channel=None):
    """The review queue: incidents without a placement, oldest first, with the reason and candidates."""
    with conn.cursor() as cur:
        cur.execute(load("grids", "incidents_unplaced"), {"limit": limit, "channel": channel})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def place_by_hand(conn, incident_id, cell_code, index):
    """Place one incident in ``cell_code`` (a grid or micro-grid, or a community) of ``index``'s generation."""
    if cell_code not in index.levels:
        raise HierarchyError(f"no cell {cell_code} in generation {index.generation}", code=cell_code)
    chain = index.chain_of(cell_code)
    level, kind = index.levels[cell_code]
    micro = cell_code if level == "microgrid" else None
    params = {**chain, "microgrid_code": micro, "id": incident_id, "generation": index.generation,
              "level": kind if level == "microgrid" else level,
              "anchor": index.anchors[cell_code].wkt}
    with conn.cursor() as cur:
        cur.execute(load("grids", "incidents_place_by_hand"), params)
        if cur.rowcount == 0:
            raise IncidentError("no such incident", incident=incident_id)
    return params


MOVE_COLUMNS = ("id", "generation_id", "district_code", "street_code", "community_code", "grid_code",
                "microgrid_code", "placement_method", "placement_level", "placement_confidence",
                "placement_distance_m", "unplaced_reason", "placement_candidates", "geom")
CODE_COLUMNS = ("district_code", "street_code", "community_code", "grid_code", "microgrid_code")
REPORTED_MOVES = 100


def incidents_for_replacing(conn, since=None):
    """Incidents placed automatically and reported since ``since`` (all when None), and the unplaced."""
    with conn.cursor() as cur:
        cur.execute(load("grids", "incidents_for_replacing"), {"since": since})
        return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description], dtype=object)


def apply_moves(conn, old, new):
    """Write the new placements of incidents whose cells changed; return the moves."""
    moved = np.zeros(len(old), dtype=bool)
    for column in CODE_COLUMNS:
        moved |= (old[column].fillna("").to_numpy() != new[column].fillna("").to_numpy())
    changed = new[moved].assign(id=old.loc[moved, "id"].to_numpy())
    with conn.cursor() as cur:
        cur.execute(load("grids", "incidents_move_create"))
        frame = changed[list(MOVE_COLUMNS)].copy()
        frame["geom"] = _ewkb_or_none(frame["geom"].to_numpy(dtype=object))
        frame["placement_candidates"] = [None if v is None else json.dumps(v, ensure_ascii=False)
                                         for v in frame["placement_candidates"]]
        copy_rows(cur, "incident_move", MOVE_COLUMNS, frame.itertuples(index=False, name=None))
        cur.execute(load("grids", "incidents_apply_moves"))
        cur.execute("DROP TABLE incident_move")
    before = old[moved]
    return [{"id": int(i), "source_ref": ref, "from": g0, "to": g1}
            for i, ref, g0, g1 in zip(before["id"], before["source_ref"], before["grid_code"], changed["grid_code"])]
