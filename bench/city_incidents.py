"""The synthetic city's incidents over four years, with their cases as they stand at "now", in bulk.

Each incident is drawn in a grid (grids weighted lognormally, so some are hot), in one of its
buildings, at a time uniform over 2022–2025, with a channel and a 小类 category; it is placed as the
intake places a point in a building (``coordinates``, every level's code). Its case is drawn as the
loop leaves one at :data:`NOW` (2026-01-01 00:00 +08:00): not yet accepted when younger than an hour,
3 % rejected, 10 % answered directly (直接解答, closed at acceptance), the rest dispatched to a level
(grid 60 %, community 20 %, street 10 %, district 5 %, a department 5 %) with the category's limit; work
takes a lognormal share of the limit (some late), 1 % never finishes; a finished case is closed a few
hours later (5 % of those followed up) and 70 % of the closed are rated; 3 % repeat an earlier ticket.
The state is on the incident row, as the KPIs and the map read it; no ``case_event`` rows are written
(the history of 10M cases is ~50M rows, which no figure here reads).

Rows go in by binary COPY (``gis.bulk.copy_binary``) in chunks, the next drawn while the server takes
one; the table's secondary indexes are dropped first and built again after (``maintenance_work_mem``
raised), then VACUUM ANALYZE (the KPI query is an index-only scan only once the visibility map is set).
"""
import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from psycopg2 import sql

from gis.bulk import copy_binary, point_ewkb
from grids.clock import SHANGHAI

NOW = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
START = dt.datetime(2022, 1, 1, tzinfo=SHANGHAI)
CHANNELS = {"hotline": 0.45, "patrol": 0.25, "app": 0.15, "police110": 0.08, "petition": 0.04, "assigned": 0.03}
HANDLER_LEVELS = {"grid": 0.60, "community": 0.20, "street": 0.10, "district": 0.05, "department": 0.05}
CHUNK = 1_000_000
HOUR = np.timedelta64(3600, "s")


class Drawer:
    """What every chunk draws from: the grids and their buildings, the categories, the people."""

    def __init__(self, cells, categories, people, generation, seed=7):
        self.rng = np.random.default_rng(seed)
        buildings = cells[cells["level"] == "microgrid"]
        self.building_codes = buildings["code"].to_numpy()
        self.building_box = buildings[["xmin", "ymin", "xmax", "ymax"]].to_numpy()
        grids = cells[cells["level"] == "grid"]["code"].to_numpy()
        self.grid_weights = self.rng.lognormal(0, 1, len(grids))
        self.grid_weights /= self.grid_weights.sum()
        self.first_building = np.searchsorted(self.building_codes, grids)      # codes sort within their grid
        self.buildings_per_grid = np.diff(np.append(self.first_building, len(self.building_codes)))
        self.categories = categories
        self.people = people
        self.generation = generation


def read_categories(conn):
    """The 小类 (a parent given) with their limits: ``DataFrame(code, name, limit)``."""
    with conn.cursor() as cur:
        cur.execute("SELECT code, name, coalesce(time_limit_hours, 72) FROM category "
                    "WHERE parent_code IS NOT NULL ORDER BY code")
        return pd.DataFrame(cur.fetchall(), columns=["code", "name", "limit"])


def chunk_columns(drawer, first_id, count):
    """The incident columns of ids ``first_id …`` (``count`` of them), for :func:`copy_binary`."""
    rng = drawer.rng
    grid = rng.choice(len(drawer.grid_weights), count, p=drawer.grid_weights)
    building = drawer.first_building[grid] + (rng.random(count) * drawer.buildings_per_grid[grid]).astype(int)
    box = drawer.building_box[building]
    x = box[:, 0] + rng.random(count) * (box[:, 2] - box[:, 0])
    y = box[:, 1] + rng.random(count) * (box[:, 3] - box[:, 1])
    code = drawer.building_codes[building]
    ids = np.arange(first_id, first_id + count, dtype=np.int64)
    span = (NOW - START).total_seconds()
    reported = np.datetime64(START.astimezone(dt.timezone.utc).replace(tzinfo=None), "s") + (
        rng.random(count) * span).astype("timedelta64[s]")
    category = rng.choice(len(drawer.categories), count, p=_zipf(len(drawer.categories)))
    refs = pc.binary_join_element_wise("C", pc.cast(pa.array(ids), pa.string()), "").to_numpy(zero_copy_only=False)
    columns = {
        "id": ids, "channel": rng.choice(list(CHANNELS), count, p=list(CHANNELS.values())).astype(object),
        "source_ref": refs, "content_hash": refs, "reported_at": _times(reported),
        "category_code": drawer.categories["code"].to_numpy()[category],
        "category_text": drawer.categories["name"].to_numpy()[category],
        "title": drawer.categories["name"].to_numpy()[category], "source_x": x, "source_y": y,
        "source_crs": np.full(count, "EPSG:4326", dtype=object), "geom": point_ewkb(x, y),
        "generation_id": np.full(count, drawer.generation, dtype=np.int32),
        **_placement(code), "placement_method": np.full(count, "coordinates", dtype=object),
        "placement_level": np.full(count, "building", dtype=object),
        "placement_confidence": np.ones(count, dtype=np.float32), "repeat_checked": np.ones(count, dtype=bool),
    }
    columns.update(_cases(drawer, rng, ids, reported, code, drawer.categories["limit"].to_numpy()[category]))
    return columns


def _zipf(n):
    weights = 1 / np.arange(1, n + 1)
    return weights / weights.sum()


def _placement(code):
    """Every level's code from the building's (codes nest: 6, 9, 12, 15, 18 digits)."""
    text = pa.array(code, type=pa.string())
    levels = {"district_code": 6, "street_code": 9, "community_code": 12, "grid_code": 15}
    found = {name: pc.utf8_slice_codeunits(text, 0, n).to_numpy(zero_copy_only=False) for name, n in levels.items()}
    return {**found, "microgrid_code": code}


def _times(values):
    """A column of UTC instants (NaT: missing) as the binary COPY takes a timestamptz."""
    return pd.Series(pd.to_datetime(values).tz_localize("UTC"))


def _cases(drawer, rng, ids, reported, code, limit):
    """The case columns as the loop leaves each case at :data:`NOW` (see the module's docstring)."""
    count = len(ids)
    now = np.datetime64(NOW.astimezone(dt.timezone.utc).replace(tzinfo=None), "s")
    nat = np.full(count, np.datetime64("NaT"), dtype="datetime64[s]")
    u = rng.random(count)
    responded = reported + (rng.uniform(0.05, 4, count) * HOUR).astype("timedelta64[s]")
    waiting = responded > now
    rejected, direct = (u < 0.03) & ~waiting, (u >= 0.03) & (u < 0.13) & ~waiting
    dispatched = ~(waiting | rejected | direct)
    clock_start = responded + (rng.uniform(0, 1, count) * HOUR).astype("timedelta64[s]")
    deadline = clock_start + (limit * HOUR).astype("timedelta64[s]")
    work = clock_start + (rng.lognormal(np.log(0.6), 0.6, count) * limit * HOUR).astype("timedelta64[s]")
    stuck = rng.random(count) < 0.01
    finished = dispatched & (work <= now) & ~stuck
    closing = work + (rng.uniform(1, 24, count) * HOUR).astype("timedelta64[s]")
    closed = finished & (closing <= now)
    followed = closed & (rng.random(count) < 0.05)
    status = np.where(waiting, "reported", np.where(rejected, "rejected", "closed")).astype(object)
    status[dispatched] = np.where(clock_start[dispatched] > now - 2 * HOUR, "dispatched", "in_progress")
    status[finished] = "handled"
    status[closed] = "closed"
    status[followed] = "followed_up"
    done = closed | direct
    rated = done & (rng.random(count) < 0.7)
    rating = np.where(rated, rng.choice(["satisfied", "basically_satisfied", "dissatisfied"], count,
                                        p=[0.75, 0.18, 0.07]), None).astype(object)
    level = np.where(dispatched, rng.choice(list(HANDLER_LEVELS), count, p=list(HANDLER_LEVELS.values())),
                     None).astype(object)
    handler_cell, handler = _handlers(drawer.people, level, code)
    repeat = (rng.random(count) < 0.03) & (ids > 1000)
    return {
        "status": status, "case_version": np.where(waiting, 0, np.where(closed, 5, 2)).astype(np.int32),
        "case_changed_at": _times(np.where(waiting, reported, np.where(closed, closing, np.where(
            finished, work, np.where(dispatched, clock_start, responded))))),
        "responded_at": _times(np.where(waiting, nat, responded)),
        "handler_level": level, "handler_cell_code": handler_cell, "handler_person_id": handler,
        "time_limit_hours": np.where(dispatched, limit, np.nan).astype(np.float32),
        "clock_started_at": _times(np.where(dispatched, clock_start, nat)),
        "deadline": _times(np.where(dispatched, deadline, nat)),
        "clock_paused_at": _times(np.where(finished, work, np.where(direct, responded, nat))),
        "handled_at": _times(np.where(finished, work, nat)),
        "closed_at": _times(np.where(closed, closing, np.where(direct, responded, nat))),
        "direct_answer": direct, "rating": rating,
        "rated_at": _times(np.where(rated, np.where(direct, responded, closing) + 2 * HOUR, nat)),
        "repeat_of": _or_none(ids - rng.integers(1, 1000, count), repeat),
    }


def _handlers(people, level, code):
    """The handling cell and its person for each case: the grid's member, the community's or the street's
    staff, the district's command centre; a department has neither here."""
    text = pa.array(code, type=pa.string())
    lengths = {"grid": 15, "community": 12, "street": 9, "district": 6}
    cell = np.full(len(code), None, dtype=object)
    for name, n in lengths.items():
        mask = level == name
        if mask.any():
            cell[mask] = pc.utf8_slice_codeunits(text.filter(pa.array(mask)), 0, n).to_numpy(zero_copy_only=False)
    person = pd.Series(cell).map(people).to_numpy()
    return cell, _or_none(np.nan_to_num(person, nan=0).astype(np.int64), ~pd.isna(person))


def _or_none(values, present):
    """Integers where ``present``, None (NULL) elsewhere."""
    found = values.astype(object)
    found[~present] = None
    return found


def load_incidents(conn, drawer, count, progress=print):
    """COPY ``count`` incidents (ids 1 …) with their cases, the secondary indexes dropped and built again;
    ``{"copy": seconds, "indexes": seconds}``. Commits."""
    with conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'incident' AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint WHERE conrelid = 'incident'::regclass)")
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        started = time.perf_counter()
        chunks = [(first, min(CHUNK, count + 1 - first)) for first in range(1, count + 1, CHUNK)]
        with ThreadPoolExecutor(1) as ahead:        # the next chunk is drawn while the server takes this one
            drawn = ahead.submit(chunk_columns, drawer, *chunks[0]) if chunks else None
            for k, (first, size) in enumerate(chunks):
                columns = drawn.result()
                if k + 1 < len(chunks):
                    drawn = ahead.submit(chunk_columns, drawer, *chunks[k + 1])
                copy_binary(cur, "incident", columns)
                progress(f"incidents: {first + size - 1:,} of {count:,} ({time.perf_counter() - started:.0f} s)")
        copied = time.perf_counter() - started
        started = time.perf_counter()
        for name, definition in indexes:
            cur.execute(definition)
            progress(f"index {name} ({time.perf_counter() - started:.0f} s)")
        cur.execute("SELECT setval(pg_get_serial_sequence('incident', 'id'), %s)", (count,))
    conn.commit()
    return {"copy": copied, "indexes": time.perf_counter() - started}


def write_patrol_file(drawer, path, count, seed=11):
    """A patrol export of ``count`` incidents in 2025 (``XC…`` ticket numbers, WGS 84 points in buildings,
    the category's name as the channel writes it), as ``gridgov incidents import`` reads it."""
    rng = np.random.default_rng(seed)
    building = rng.integers(0, len(drawer.building_codes), count)
    box = drawer.building_box[building]
    start = np.datetime64("2025-01-01T00:00:00")
    times = start + rng.integers(0, 365 * 86400, count).astype("timedelta64[s]")
    pd.DataFrame({
        "上报编号": [f"XC{i:08d}" for i in range(count)],
        "上报时间": pd.Series(times).dt.strftime("%Y-%m-%d %H:%M:%S"),
        "事件类型": drawer.categories["name"].to_numpy()[rng.integers(0, len(drawer.categories), count)],
        "事件描述": "巡查发现",
        "经度": np.round(box[:, 0] + rng.random(count) * (box[:, 2] - box[:, 0]), 6),
        "纬度": np.round(box[:, 1] + rng.random(count) * (box[:, 3] - box[:, 1]), 6),
    }).to_csv(path, index=False, encoding="utf-8")
    return path
