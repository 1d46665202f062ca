"""The database's own floor for the incident intake, measured in the same run as the intake.

Concept: however fast reading, checking and placing get, the rows still have to enter ``incident``. The
floor is what PostgreSQL alone takes for the very same rows: they are copied out of the store after the
import (``COPY incident TO STDOUT (FORMAT binary)``, not timed) and, in one transaction that is rolled
back, the table is emptied and they are copied back in binary, **into the same table** (its triggers,
constraints and defaults included), in two ways:

- ``rebuild``: the secondary indexes dropped, the rows copied, the same indexes built again; the primary
  key and the ticket key (constraints that other tables and the intake rely on) stay up. This is the
  floor issue 20 names ("a binary COPY … plus its index rebuild").
- ``kept up``: every index kept up row by row during the COPY, as the intake keeps them (issue 13:
  dropping an index locks readers out until the commit).

The store is left exactly as the import wrote it.
"""
import tempfile
import time

from psycopg2 import sql

INDEXES = """
SELECT c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = 'incident'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
ORDER BY 1
"""


def copy_floor(conn):
    """``{"rows", "copy_rebuild", "index_rebuild", "copy_kept_up"}`` (seconds) for the rows ``incident``
    holds, with ``conn`` as the owner; nothing is changed."""
    with tempfile.TemporaryFile() as rows, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM incident")
        count = cur.fetchone()[0]
        cur.copy_expert("COPY incident TO STDOUT (FORMAT binary)", rows)
        conn.commit()
        copy_rebuild, index_rebuild = _reloaded(conn, cur, rows, drop_indexes=True)
        copy_kept_up, _ = _reloaded(conn, cur, rows, drop_indexes=False)
    return {"rows": count, "copy_rebuild": copy_rebuild, "index_rebuild": index_rebuild,
            "copy_kept_up": copy_kept_up}


def _reloaded(conn, cur, rows, drop_indexes):
    """``(COPY seconds, index build seconds)`` of ``rows`` into the emptied table; rolled back."""
    try:
        cur.execute(INDEXES)
        indexes = cur.fetchall() if drop_indexes else []
        cur.execute("TRUNCATE incident CASCADE")
        for name, _ in indexes:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        cur.execute("CHECKPOINT")
        rows.seek(0)
        started = time.perf_counter()
        cur.copy_expert("COPY incident FROM STDIN (FORMAT binary)", rows, size=1 << 22)
        copied = time.perf_counter()
        for _, definition in indexes:
            cur.execute(definition)
        return copied - started, time.perf_counter() - copied
    finally:
        conn.rollback()
