"""Notifications: short messages to a person about something done to their work (a grid redrawn, a
case handed to them or taken away), read in the member's workspace.

A notification has a ``kind`` the UI can branch on (``grid_changed``, ``grid_lost``,
``case_redispatched``, ``case_moved_away``), a message in Chinese (the UI's first language) and
``details`` with the codes and ids, so another language can be composed from them.
"""
import json

from gis.sqlfiles import load


def notify(conn, person_id, kind, message, details=None):
    """Leave ``message`` for ``person_id``; returns the notification's id."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "notification_insert"),
                    {"person": person_id, "kind": kind, "message": message,
                     "details": json.dumps(details or {}, ensure_ascii=False, default=str)})
        return cur.fetchone()[0]


def notifications_for(conn, person_id, unread_only=False, limit=50):
    """The person's notifications, newest first: ``[{id, kind, message, details, created_at, read_at}]``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "notifications_for"),
                    {"person": person_id, "unread_only": unread_only, "limit": limit})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def unread_count(conn, person_id):
    """How many of the person's notifications are unread (all of them, not only the newest listed)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "notifications_unread"), {"person": person_id})
        return cur.fetchone()[0]


def mark_read(conn, person_id, ids=None):
    """Mark the person's notifications ``ids`` (None: every unread one) read; returns how many were
    unread. Ids of other people's notifications are passed over: nobody marks what is not theirs."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "notifications_mark_read"),
                    {"person": person_id, "ids": None if ids is None else list(ids)})
        return cur.rowcount
