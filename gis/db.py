"""Connections: one pool per process, a plain ``connect()`` for the CLI and ETL.

Which server: ``GRIDGOV_DATABASE_URL`` when set (an existing PostGIS >= 3.1; gridgov never starts a
server then), else the embedded cluster of :mod:`gis.embedded`, started on first use. The schema is
migrated once per process the first time a connection is handed out.

Domain functions take a ``conn`` argument and never commit on their own; whoever opened the
connection decides (``connect()`` commits on success and rolls back on error). Tests hand those
functions a connection inside a transaction that they roll back.
"""
import os
import threading
from contextlib import contextmanager

import psycopg2
import psycopg2.extras
import psycopg2.pool

from gis import embedded, migrate

_pool = None
_pool_pid = None
_pool_lock = threading.Lock()


def database_url():
    """The URL gridgov uses: ``GRIDGOV_DATABASE_URL`` or the embedded cluster's (starting it)."""
    url = os.environ.get("GRIDGOV_DATABASE_URL")
    if url:
        return url
    return embedded.start().url()


def open_connection(url=None):
    """A new connection with the session settings gridgov relies on."""
    conn = psycopg2.connect(url or database_url())
    with conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'Asia/Shanghai'")
    conn.commit()
    return conn


def pool():
    """The process's connection pool (created and the schema migrated on first call; fork-safe)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            url = database_url()
            conn = open_connection(url)
            try:
                migrate.migrate(conn)
                conn.commit()
            finally:
                conn.close()
            _pool = psycopg2.pool.ThreadedConnectionPool(1, int(os.environ.get("GRIDGOV_POOL_SIZE", 10)), url)
            _pool_pid = os.getpid()
        return _pool


@contextmanager
def connect():
    """A pooled connection for one unit of work: committed on success, rolled back on error."""
    p = pool()
    conn = p.getconn()
    try:
        with conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'Asia/Shanghai'")
        yield conn
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        p.putconn(conn)


def dict_cursor(conn):
    """A cursor whose rows are dicts keyed by column name."""
    return conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
