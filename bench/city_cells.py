"""The cells and people of the synthetic city of Chengdu size, made in bulk.

A rectangle of 0.6° × 0.45° around Chengdu, cut level by level into nested rectangles: 20 districts
(5 × 4), 10 streets each (2 × 5), 20 communities per street (4 × 5), 10 basic grids per community (2 × 5),
25 building micro-grids per grid (5 × 5 footprints, a margin around each) — 200 streets, 4,000
communities, 40,000 grids, 1,000,000 buildings at scale 1. A smaller ``scale`` keeps the fan-outs from
the grid down and cuts districts, then streets, then communities (``fan_outs``). Edges of the areal
levels are cut into short segments (``VERTEX_SPACING_DEG``), so a grid outline carries a few dozen
vertices as a surveyed one does, not four.

Codes follow the rule (district 6 digits, then 3 per level); the city cell ``510100`` above the
districts is added when the hierarchy has the level ``city``. Everything goes into one draft generation
by COPY (not the boundary importer: it checks parents by overlap, a few minutes per million cells), then
published. People: a member per grid, staff per community and street, a command-centre person per
district.
"""
import datetime as dt

import numpy as np
import pandas as pd
import shapely

from gis.bulk import copy_columns, hex_ewkb
from gis.sqlfiles import load
from grids.cells import generations
from grids.cells.hierarchy import LEVELS

CITY_CODE, PROVINCE_PREFIX = "510100", "5101"
BOX = (103.80, 30.45, 104.40, 30.90)
FULL_FAN_OUTS = (("district", 20, (5, 4)), ("street", 10, (2, 5)), ("community", 20, (4, 5)),
                 ("grid", 10, (2, 5)), ("microgrid", 25, (5, 5)))
VERTEX_SPACING_DEG = 0.0004          # about 40 m: a grid of ~300 m a side gets ~30 vertices
BUILDING_SHARE = 0.6                 # of its slot's width and height a building footprint covers
EFFECTIVE = dt.date(2022, 1, 1)


def fan_outs(scale):
    """``[(level, children per parent, (columns, rows))]`` for ``scale`` (1: the full city). The
    levels from the grid down keep their fan-out; above, the count shrinks level by level."""
    left, found = scale, []
    for level, count, shape in FULL_FAN_OUTS:
        if level in ("grid", "microgrid"):
            found.append((level, count, shape))
            continue
        n = max(1, min(count, round(count * left)))
        left = left * count / n
        found.append((level, n, shape if n == count else _shape(n)))
    return found


def _shape(n):
    columns = int(np.ceil(np.sqrt(n)))
    return columns, int(np.ceil(n / columns))


def build_cells(scale):
    """DataFrame of cells (level, kind, code, parent_code, geometry), top level first."""
    boxes = np.array([BOX])
    codes = np.array([CITY_CODE], dtype=object)
    frames = []
    for level, count, (columns, rows) in fan_outs(scale):
        boxes, parents, serials = _split(boxes, count, columns, rows)
        prefix = np.full(len(parents), PROVINCE_PREFIX, dtype=object) if level == "district" else codes[parents]
        width = 2 if level == "district" else 3
        codes = prefix + np.char.zfill(serials.astype(str), width).astype(object)
        parent_codes = codes_of_parents(level, prefix)
        frames.append(_frame(level, boxes, codes, parent_codes))
    if "city" in LEVELS:
        frames.insert(0, _frame("city", np.array([BOX]), np.array([CITY_CODE], dtype=object), np.array([None])))
    return pd.concat(frames, ignore_index=True)


def codes_of_parents(level, prefix):
    if level != "district":
        return prefix
    return np.full(len(prefix), CITY_CODE if "city" in LEVELS else None, dtype=object)


def _split(boxes, count, columns, rows):
    """Each box cut into ``columns × rows`` slots, the first ``count`` kept: ``(boxes, parent index,
    serial from 1)``."""
    slot = np.arange(count)
    col, row = slot % columns, slot // columns
    x0, y0, x1, y1 = (boxes[:, k][:, None] for k in range(4))
    w, h = (x1 - x0) / columns, (y1 - y0) / rows
    top = y1 - row * h                      # serials run from the north-west corner, row by row
    parts = np.stack([x0 + col * w, top - h, x0 + (col + 1) * w, top], axis=-1)
    parents = np.repeat(np.arange(len(boxes)), count)
    return parts.reshape(-1, 4), parents, np.tile(slot + 1, len(boxes))


def _frame(level, boxes, codes, parent_codes):
    if level == "microgrid":
        cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
        hw, hh = (boxes[:, 2] - boxes[:, 0]) * BUILDING_SHARE / 2, (boxes[:, 3] - boxes[:, 1]) * BUILDING_SHARE / 2
        geoms = shapely.box(cx - hw, cy - hh, cx + hw, cy + hh)
    else:
        geoms = shapely.segmentize(shapely.box(*boxes.T), VERTEX_SPACING_DEG)
    kind = {"grid": "basic", "microgrid": "building"}.get(level)
    return pd.DataFrame({"level": level, "kind": kind, "code": codes, "parent_code": parent_codes,
                         "geometry": shapely.multipolygons(geoms[:, None]) if len(geoms) else geoms,
                         "xmin": boxes[:, 0], "ymin": boxes[:, 1], "xmax": boxes[:, 2], "ymax": boxes[:, 3]})


def load_cells(conn, cells):
    """COPY ``cells`` into a new draft generation and publish it (in effect from :data:`EFFECTIVE`);
    the generation."""
    generation = generations.open_draft(conn, "synthetic city of Chengdu size (bench.bench_city)")
    with conn.cursor() as cur:
        copy_columns(cur, "cell", {
            "code": cells["code"].to_numpy(), "level": cells["level"].to_numpy(), "kind": cells["kind"].to_numpy(),
            "name": cells["code"].to_numpy(), "parent_code": cells["parent_code"].to_numpy(),
            "geom": hex_ewkb(cells["geometry"].to_numpy()), "generation_low": np.full(len(cells), generation)})
    generations.publish(conn, EFFECTIVE)
    return generation


PEOPLE = (("grid", "grid_member", "M"), ("community", "community_staff", "C"), ("street", "street_staff", "S"),
          ("district", "command_staff", "D"))


def load_people(conn, cells):
    """One person per grid (member), community, street (staff) and district (command centre), each
    with that cell; ``{cell code: person id}``."""
    rows = pd.concat([pd.DataFrame({"cell_code": cells.loc[cells["level"] == level, "code"].to_numpy(),
                                    "role": role, "prefix": prefix}) for level, role, prefix in PEOPLE],
                     ignore_index=True)
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_person_ids"), {"count": len(rows)})
        ids = np.array([row[0] for row in cur.fetchall()], dtype=np.int64)
        person_codes = (rows["prefix"] + rows["cell_code"]).to_numpy()
        copy_columns(cur, "person", {"id": ids, "name": person_codes, "role": rows["role"].to_numpy(),
                                     "code": person_codes})
        copy_columns(cur, "person_cell", {"person_id": ids, "cell_code": rows["cell_code"].to_numpy()})
    return dict(zip(rows["cell_code"], ids))
