"""The incident store: one table for every channel, each incident placed in its cells.

An incident is identified by its channel and the channel's own ticket number (``source_ref``):
``upsert_incidents`` adds new ones, updates those whose source row changed (``content_hash``) and
leaves identical ones alone, so importing the same export twice changes nothing. An update keeps the
case status and any placement made by hand. Incidents that could not be placed form the review queue
(``unplaced_incidents``); ``place_by_hand`` settles one with a cell code (or corrects a placement), and
records it in ``incident_placement_log`` as the web's review queue does (:mod:`grids.incidents.review`).
"""
import json

import numpy as np
import pandas as pd
import shapely

from gis.bulk import copy_binary, copy_columns, copy_rows, hex_ewkb
from gis.sqlfiles import load
from grids import limits
from grids.errors import HierarchyError, IncidentError

STAGE_COLUMNS = (
    "channel", "source_ref", "reported_at", "category_code", "category_text", "title", "description",
    "reporter_name", "reporter_phone", "address", "source_x", "source_y", "source_crs", "geom",
    "generation_id", "district_code", "street_code", "community_code", "grid_code", "microgrid_code",
    "placement_method", "placement_level", "placement_confidence", "placement_distance_m",
    "unplaced_reason", "placement_candidates", "own_limit_hours", "own_limit_workdays", "own_deadline",
    "attributes", "content_hash",
)
JSON_COLUMNS = ("placement_candidates", "attributes")
TEXT_LIMITS = {"title": limits.TITLE, "description": limits.DESCRIPTION, "address": limits.ADDRESS,
               "reporter_name": limits.NAME, "reporter_phone": limits.PHONE, "category_text": limits.TITLE,
               "source_ref": limits.TICKET}
CHANNELS = ("hotline", "police110", "patrol", "app", "petition", "assigned")


def upsert_incidents(conn, frame, unheld_channels=frozenset()):
    """Write incidents (a frame with ``STAGE_COLUMNS``; ``geom`` hex EWKB, shapely points or None).

    Tickets the store does not hold yet are copied straight into it (most rows of most imports); a
    ticket it holds with the same ``content_hash`` is left alone without being sent; the rest go through
    a staging table and the update rules of ``incidents_upsert.sql``. Tickets of ``unheld_channels``
    (channels the store held nothing of when the caller began, whose ticket numbers it knows to be
    distinct) are not looked up.

    Every text is held to :data:`TEXT_LIMITS` (:mod:`grids.limits`; a 51 MB description was stored):
    the first one beyond its bound or holding a NUL raises :class:`grids.limits.OutOfBounds` naming the
    field and the ticket, before anything is written.

    Returns ``{"added": n, "updated": n, "unchanged": n, "updated_refs": [...]}``.
    """
    if frame.empty:
        return {"added": 0, "updated": 0, "unchanged": 0, "updated_refs": []}
    check_texts(frame)
    with conn.cursor() as cur:
        unheld = frame["channel"].isin(unheld_channels).to_numpy()
        stored = pd.Series(None, index=frame.index, dtype=object)
        stored[~unheld] = _stored_hashes(cur, frame[~unheld])
        is_new = stored.isna().to_numpy()
        copy_binary(cur, "incident", _stage_columns(frame[is_new]))
        changed = ~is_new & (stored.to_numpy() != frame["content_hash"].to_numpy())
        written = _update(cur, frame[changed]) if changed.any() else []
    updated = [ref for ref, added in written if not added]
    return {"added": int(is_new.sum()), "updated": len(updated), "unchanged": len(frame) - int(is_new.sum())
            - len(updated), "updated_refs": updated}


def check_texts(frame):
    """Raise :class:`grids.limits.OutOfBounds` for the first text of ``frame`` beyond
    :data:`TEXT_LIMITS` or holding a NUL, naming its column and ticket."""
    for column, maximum in TEXT_LIMITS.items():
        texts = frame[column].to_numpy(dtype=object)
        bad = np.fromiter((isinstance(t, str) and (len(t) > maximum or "\x00" in t) for t in texts), dtype=bool,
                          count=len(texts))
        if bad.any():
            row = int(np.argmax(bad))
            ticket = str(frame["source_ref"].iloc[row])[:limits.TICKET]
            raise limits.OutOfBounds(column, f"ticket {ticket!r}: {column} {limits.text_problem(texts[row], maximum)}",
                                     source_ref=ticket)


def _stored_hashes(cur, frame):
    """The stored ``content_hash`` of each row's ticket (None where the store has no such ticket)."""
    if frame.empty:
        return pd.Series(None, index=frame.index, dtype=object)
    cur.execute(load("grids.incidents", "incidents_stored_hashes"),
                {"channels": frame["channel"].tolist(), "refs": frame["source_ref"].tolist()})
    stored = dict(((channel, ref), digest) for channel, ref, digest in cur.fetchall())
    keys = zip(frame["channel"].to_numpy(), frame["source_ref"].to_numpy())
    return pd.Series([stored.get(key) for key in keys] if stored else None, index=frame.index, dtype=object)


def _update(cur, frame):
    cur.execute(load("grids.incidents", "incidents_stage_create"))
    copy_columns(cur, "incident_stage", _stage_columns(frame))
    cur.execute(load("grids.incidents", "incidents_upsert"))
    written = cur.fetchall()
    cur.execute("DROP TABLE incident_stage")
    return written


def _stage_columns(frame):
    """The frame's columns as COPY takes them: geometries as hex EWKB, JSON as text."""
    columns = {name: frame[name] for name in STAGE_COLUMNS}
    columns["geom"] = _ewkb_or_none(frame["geom"].to_numpy(dtype=object))
    for name in JSON_COLUMNS:
        columns[name] = np.array([_json(v) for v in frame[name]], dtype=object)
    return columns


def _json(value):
    """JSON text of a dict or list (most are empty: no call to json for those)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str) if value else ("{}" if isinstance(value, dict) else "[]")


def _ewkb_or_none(geoms):
    """Hex EWKB of shapely geometries; text that already is hex EWKB passes through."""
    out = np.array(geoms, dtype=object)
    shapes = np.flatnonzero([isinstance(g, shapely.Geometry) for g in out])
    if len(shapes):
        out[shapes] = hex_ewkb(out[shapes])
    return out


def held_channels(conn):
    """The channels the store holds incidents of."""
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "incidents_held_channels"), {"channels": list(CHANNELS)})
        return {channel for channel, in cur.fetchall()}


def unplaced_incidents(conn, limit=100, channel=None):
    """The review queue: incidents without a placement, oldest first, with the reason and candidates."""
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "incidents_unplaced"), {"limit": limit, "channel": channel})
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
        cur.execute(load("grids.incidents", "incidents_place_by_hand"), params)
        if cur.rowcount == 0:
            raise IncidentError("no such incident", incident=incident_id)
        reason = cur.fetchone()[0]
        cur.execute(load("grids.incidents", "review_log_insert"), {
            "incident_id": incident_id, "method": "cell", "cell_code": cell_code, "generation": index.generation,
            "unplaced_reason": reason, "lon": None, "lat": None})
    return params


MOVE_COLUMNS = ("id", "generation_id", "district_code", "street_code", "community_code", "grid_code",
                "microgrid_code", "placement_method", "placement_level", "placement_confidence",
                "placement_distance_m", "unplaced_reason", "placement_candidates", "geom")
CODE_COLUMNS = ("district_code", "street_code", "community_code", "grid_code", "microgrid_code")
REPORTED_MOVES = 100


def incidents_for_replacing(conn, since=None):
    """Incidents placed automatically and reported since ``since`` (all when None), and the unplaced."""
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "incidents_for_replacing"), {"since": since})
        return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description], dtype=object)


def apply_moves(conn, old, new):
    """Write the new placements of incidents whose cells changed; return the moves."""
    moved = np.zeros(len(old), dtype=bool)
    for column in CODE_COLUMNS:
        moved |= (old[column].fillna("").to_numpy() != new[column].fillna("").to_numpy())
    changed = new[moved].assign(id=old.loc[moved, "id"].to_numpy())
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "incidents_move_create"))
        frame = changed[list(MOVE_COLUMNS)].copy()
        frame["geom"] = _ewkb_or_none(frame["geom"].to_numpy(dtype=object))
        frame["placement_candidates"] = [None if v is None else json.dumps(v, ensure_ascii=False)
                                         for v in frame["placement_candidates"]]
        copy_rows(cur, "incident_move", MOVE_COLUMNS, frame.itertuples(index=False, name=None))
        cur.execute(load("grids.incidents", "incidents_apply_moves"))
        cur.execute("DROP TABLE incident_move")
    before = old[moved]
    return [{"id": int(i), "source_ref": ref, "from": g0, "to": g1}
            for i, ref, g0, g1 in zip(before["id"], before["source_ref"], before["grid_code"], changed["grid_code"])]
