"""The city bench's anchors, measured on the same store in the same run: what the database engines do
with the same rows when nothing of the product stands between.

- counts per grid per month over every incident, and over 2025, in PostgreSQL (a plain ``count …
  GROUP BY`` with the time window, which the indexes on ``reported_at`` serve) and in DuckDB over the same
  rows (copied in through a CSV file, untimed), there with the month computed from each row's time as
  PostgreSQL does and with the month stored as a column (what a columnar copy would keep);
- the KPI counts of every grid over 2025 (``grids/cases/sql/kpi_stats.sql`` as the product runs it) in
  DuckDB over the same rows;
- ``ST_AsMVT`` of a tile straight from ``grids/mapview/sql/cell_tile.sql``;
- the intake's floor in the big store: a binary COPY of the rows an intake just wrote, again as new rows
  (ids and ticket numbers moved aside), into the same table with every index kept up and its triggers
  (the roll-up's) firing, as the intake keeps them; rolled back. (``bench/copy_floor.py`` measures the
  floor of an import into an emptied table, with the index rebuild, for ``bench_incidents``.)
"""
import io
import re
import tempfile
import time
from pathlib import Path

from psycopg2 import sql

from bench.common import median_seconds
from gis import db
from gis.sqlfiles import load

MONTH = "date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')"      # on the case clock
COUNTS = ("SELECT grid_code, {month} AS month, count(*) FROM incident "
          "WHERE reported_at >= {since} AND reported_at < {until} GROUP BY 1, 2")
SPANS = {"every incident (2022–2025)": ("2022-01-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00"),
         "2025": ("2025-01-01T00:00:00+08:00", "2026-01-01T00:00:00+08:00")}
KPI_COLUMNS = ("grid_code", "district_code", "reported_at", "status", "responded_at", "deadline", "clock_paused_at",
               "rating", "repeat_of", "closed_at", "handler_level")
REPEAT = 3


def median(run):
    """``(median seconds, last result)`` of :data:`REPEAT` runs."""
    return median_seconds(run, REPEAT)


def postgres_counts():
    """``[(what, seconds, groups)]``: counts per grid per month in PostgreSQL."""
    found = []
    with db.connect() as conn, conn.cursor() as cur:
        for name, (since, until) in SPANS.items():
            query = COUNTS.format(month=MONTH, since="%(since)s::timestamptz", until="%(until)s::timestamptz")
            seconds, rows = median(lambda: (cur.execute(query, {"since": since, "until": until}), cur.fetchall())[1])
            found.append((f"PostgreSQL: counts per grid per month, {name}", seconds, len(rows)))
    return found


def duckdb_anchors(now):
    """``[(what, seconds, groups)]``: the same counts and the KPI counts in DuckDB over the same rows, and
    the seconds the copy took (untimed in the figures)."""
    import duckdb

    started = time.perf_counter()
    duck = duckdb.connect()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "incident.csv"
        with db.connect() as conn, conn.cursor() as cur, open(path, "w", encoding="utf-8") as out:
            cur.execute("SET TIME ZONE 'UTC'")
            cur.copy_expert(f"COPY (SELECT {', '.join(KPI_COLUMNS)} FROM incident) TO STDOUT (FORMAT csv, HEADER)", out)
        duck.execute(f"CREATE TABLE incident AS SELECT *, {MONTH}::date AS month FROM read_csv('{path}', header = true, "
                     "types = {'grid_code': 'VARCHAR', 'district_code': 'VARCHAR'})")
    copied = time.perf_counter() - started
    found = []
    for name, (since, until) in SPANS.items():
        for how, month in (("month of each row", MONTH), ("month stored", "month")):
            query = COUNTS.format(month=month, since="$since::timestamptz", until="$until::timestamptz")
            seconds, rows = median(lambda: duck.execute(query, {"since": since, "until": until}).fetchall())
            found.append((f"DuckDB: counts per grid per month ({how}), {name}", seconds, len(rows)))
    kpis = _duckdb_text(load("grids.cases", "kpi_stats").format(key="grid_code", filters=""))
    params = {"since": SPANS["2025"][0], "until": SPANS["2025"][1], "now": now, "within": None, "key_value": None,
              "grid": None}
    used = {name: value for name, value in params.items() if f"${name}" in kpis}
    seconds, rows = median(lambda: duck.execute(kpis, used).fetchall())
    found.append(("DuckDB: KPI counts of every grid, 2025 (kpi_stats.sql)", seconds, len(rows)))
    return found, copied


def _duckdb_text(query):
    """psycopg2's ``%(name)s`` as DuckDB's ``$name``."""
    return re.sub(r"%\((\w+)\)s", r"$\1", query)


def raw_tile(layer_level, layer, z, x, y):
    """Median seconds and bytes of ``cell_tile.sql`` straight from SQL, every scope."""
    with db.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT max(id) FROM generation WHERE published_at IS NOT NULL")
        params = {"level": layer_level, "layer": layer, "prefixes": None, "z": z, "x": x, "y": y,
                  "generation": cur.fetchone()[0]}
        cur.execute(load("grids.mapview", "cell_tile"), params)           # the connection's first (PROJ)
        seconds, blob = median(lambda: (cur.execute(load("grids.mapview", "cell_tile"), params), cur.fetchone()[0])[1])
    return seconds, len(bytes(blob))


def copy_floor(first_id):
    """Seconds of a binary COPY of the incidents from ``first_id`` on, as new rows (ids and ticket numbers
    moved aside, every other value the same) into the same table, every index kept up and its triggers
    firing as for the intake; rolled back. And how many rows."""
    conn = db.open_connection(role=db.OWNER)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT attname FROM pg_attribute WHERE attrelid = 'incident'::regclass AND attnum > 0 "
                        "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum")
            names = [row[0] for row in cur.fetchall()]
            moved = {"id": sql.SQL("id + 1000000000"), "source_ref": sql.SQL("source_ref || '-floor'")}
            select = sql.SQL("COPY (SELECT {} FROM incident WHERE id >= {}) TO STDOUT (FORMAT binary)").format(
                sql.SQL(", ").join(moved.get(name, sql.Identifier(name)) for name in names), sql.Literal(int(first_id)))
            buffer = io.BytesIO()
            cur.copy_expert(select.as_string(cur), buffer)
            size = buffer.tell()
            buffer.seek(0)
            into = sql.SQL("COPY incident ({}) FROM STDIN (FORMAT binary)").format(
                sql.SQL(", ").join(map(sql.Identifier, names)))
            started = time.perf_counter()
            cur.copy_expert(into.as_string(cur), buffer, size=size)
            seconds = time.perf_counter() - started
            rows = cur.rowcount
    finally:
        conn.rollback()
        conn.close()
    return seconds, rows


def remove_intake(first_id):
    """Delete the incidents from ``first_id`` on (the intake's), fold the roll-up's deltas and vacuum, so
    that a ``--reuse`` run measures the store as it was built: left in, a million open tickets of the last
    year made the next run's KPIs of 2025 several times slower (5.3 s against 0.09 s for the city's)."""
    conn = db.open_connection(role=db.OWNER)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("DELETE FROM incident WHERE id >= %s", (int(first_id),))
            cur.execute("SELECT incident_rollup_compact()")
            cur.execute("VACUUM ANALYZE incident")
            cur.execute("VACUUM ANALYZE incident_rollup")
    finally:
        conn.close()
