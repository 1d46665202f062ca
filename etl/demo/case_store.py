"""What the demo's case walk reads from the store, and how its histories go in: in bulk.

Concept: the walk (:mod:`etl.demo.cases`) is pure; this module feeds it — the incidents in report
order with their points, who is responsible for which cell or category — and writes what it made the
fast way: the history rows by COPY into ``case_event`` (its foreign keys checked once after the load),
the final case columns by COPY into a staging table and one UPDATE of ``incident``. No row is written
one at a time.
"""
import datetime as dt
from contextlib import contextmanager

import numpy as np
import pyarrow as pa
from psycopg2 import sql

from etl.demo.cases import Staff
from gis.bulk import copy_columns
from gis.sqlfiles import load
from grids.clock import SHANGHAI

UTC_MICROSECONDS = pa.timestamp("us", tz="UTC")
TIME_COLUMNS = ("at", "case_changed_at", "clock_started_at", "deadline", "clock_paused_at", "urged_at",
                "supervised_at", "responded_at", "handled_at", "closed_at", "rated_at")


def read_incidents(conn):
    """The incidents as :func:`etl.demo.cases.walk_cases` takes them, in report order."""
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_cases_incidents"))
        columns = [d[0] for d in cur.description]
        incidents = [dict(zip(columns, row)) for row in cur.fetchall()]
    for incident in incidents:
        incident["reported_at"] = incident["reported_at"].astimezone(SHANGHAI)
    return incidents


def end_of_year(incidents):
    """"Now" for the demo: midnight at the end of the year of its latest report (Asia/Shanghai)."""
    latest = max(incident["reported_at"] for incident in incidents)
    return dt.datetime(latest.year + 1, 1, 1, tzinfo=SHANGHAI)


def read_staff(conn):
    """Who handles cases where, as a :class:`etl.demo.cases.Staff` (the first person when several)."""
    by_role = {"grid_member": {}, "community_staff": {}, "street_staff": {}, "command_staff": {}, "department": {}}
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_cases_staff"))
        for person, role, cell, category in cur.fetchall():
            by_role[role].setdefault(cell or category, person)
    commands = sorted(by_role["command_staff"].values())
    return Staff(grid=by_role["grid_member"], community=by_role["community_staff"],
                 street=by_role["street_staff"], command=commands[0] if commands else None,
                 department=by_role["department"])


def write_histories(conn, histories):
    """COPY the events into ``case_event`` and set every incident's case columns; return the event count."""
    with conn.cursor() as cur:
        with _foreign_keys_checked_after(cur, "case_event"):
            count = copy_columns(cur, "case_event", _typed(histories.events))
        cur.execute(load("etl.demo", "demo_cases_stage"))
        copy_columns(cur, "demo_case_stage", _typed(histories.cases))
        cur.execute(load("etl.demo", "demo_cases_apply"))
        cur.execute("DROP TABLE demo_case_stage")
    return count


@contextmanager
def _foreign_keys_checked_after(cur, table):
    """Drop ``table``'s foreign keys for a bulk load and add them back after: one join checks every row
    instead of a trigger query per row (PostgreSQL's "Populating a Database" advice; 300,000 history
    rows took 6.9 s with the per-row checks, 4.3 s this way, on a busy machine). ANALYZE first, or the planner, taking the
    fresh table for empty, checks row by row anyway. All in the caller's transaction: a failed check
    undoes the load."""
    cur.execute(load("etl.demo", "demo_cases_foreign_keys"), {"table": table})
    keys = cur.fetchall()
    for name, _ in keys:
        cur.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name)))
    yield
    cur.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
    for name, definition in keys:   # the definition is the catalog's own text, not a value from outside
        cur.execute(sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
            sql.Identifier(table), sql.Identifier(name), sql.SQL(definition)))


def _typed(columns):
    """Columns as ``copy_columns`` takes them fastest: times as tz-aware pandas columns made by Arrow
    (4 times faster than ``pd.to_datetime`` on datetimes), the rest as object arrays (numpy would copy
    300,000 JSON texts into a fixed-width unicode array first)."""
    return {name: pa.array(values, type=UTC_MICROSECONDS).to_pandas() if name in TIME_COLUMNS
            else np.array(values, dtype=object) for name, values in columns.items()}
