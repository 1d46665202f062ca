"""The request's database connection (the Flask tutorial's ``db.py``), and its read connection.

A request takes one connection from :mod:`gis.db`'s pool on first use (:func:`connection`), in gridgov's
time zone, Asia/Shanghai. When the view has answered, its writes are committed if the answer is not an
error (below 400) and rolled back otherwise: a refusal raised half-way (a conflict, a rule) answers 4xx
through an error handler and must leave nothing half-written. At teardown the connection goes back to
the pool. :func:`init_app` registers both hooks on the app.

The map and KPI reads take :func:`read_connection`: a connection to the streaming replica when
``GRIDGOV_READ_DATABASE_URL`` names one (:func:`gis.db.read_pool`), else the request's own. Sign-in,
sessions and every write stay on the primary.
"""
from flask import g

from gis.db import pool, read_pool


def init_app(app):
    """Commit or roll back after each request, and return the connection at teardown."""
    app.after_request(_commit_or_roll_back)
    app.teardown_appcontext(_close_connection)


def connection():
    """The request's database connection (from :mod:`gis.db`'s pool, taken on first use)."""
    if "conn" not in g:
        g.conn = pool().getconn()
        with g.conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'Asia/Shanghai'")
    return g.conn


def read_connection():
    """A connection for reads that may lag a little: the replica's when there is one (taken on first use
    and returned at teardown), else :func:`connection`."""
    replicas = read_pool()
    if replicas is None:
        return connection()
    if "read_conn" not in g:
        g.read_conn = replicas.getconn()
        with g.read_conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'Asia/Shanghai'")
    return g.read_conn


def _commit_or_roll_back(response):
    conn = g.get("conn")
    if conn is not None:
        if response.status_code < 400:
            conn.commit()
        else:
            conn.rollback()
    return response


def _close_connection(error):
    replica = g.pop("read_conn", None)
    if replica is not None:
        replica.rollback()
        read_pool().putconn(replica)
    conn = g.pop("conn", None)
    if conn is None:
        return
    conn.rollback()                      # nothing left to commit: after_request did; an escaped error did not
    pool().putconn(conn)
