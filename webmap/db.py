"""The request's database connection (the Flask tutorial's ``db.py``).

A request takes one connection from :mod:`gis.db`'s pool on first use (:func:`connection`), in gridgov's
time zone, Asia/Shanghai. When the view has answered, its writes are committed if the answer is not an
error (below 400) and rolled back otherwise: a refusal raised half-way (a conflict, a rule) answers 4xx
through an error handler and must leave nothing half-written. At teardown the connection goes back to
the pool. :func:`init_app` registers both hooks on the app.
"""
from flask import g

from gis.db import pool


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


def _commit_or_roll_back(response):
    conn = g.get("conn")
    if conn is not None:
        if response.status_code < 400:
            conn.commit()
        else:
            conn.rollback()
    return response


def _close_connection(error):
    conn = g.pop("conn", None)
    if conn is None:
        return
    conn.rollback()                      # nothing left to commit: after_request did; an escaped error did not
    pool().putconn(conn)
