"""Signing in, throttled and recorded; the account log.

Concept: every attempt to sign in goes into the **account log** (``account_event``, append-only) with
the client's address: ``sign_in``, ``sign_in_failed``, or ``sign_in_locked`` when it was refused
without looking at the password. Guessing is stopped in two ways, both decided from the log, so every
process of the server agrees:

- an **account** with :data:`ACCOUNT_FAILURES` failed attempts within :data:`WINDOW` (since its last
  success or unlocking) is **locked** for :data:`LOCKOUT` after the last of them — the right password
  is refused too, so twenty guesses then the right one signs nobody in;
- an **address** with :data:`ADDRESS_FAILURES` failed attempts within :data:`WINDOW`, whichever
  accounts they named, is refused for :data:`LOCKOUT` (one machine trying many names).

Release: the time passes, or an administrator unlocks the account (``gridgov accounts unlock``),
which resets its count. The changes made to accounts (created, password changed, disabled, role …)
go into the same log (:func:`record`), with the operator who made them.
"""
import datetime as dt
import json

from gis.sqlfiles import load
from gis.text_cells import text_row
from grids import clock

ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)


def attempt(conn, username, password, address, *, authenticate, now=None):
    """Try to sign ``username`` in from ``address``; ``authenticate(conn, username, password)`` checks the
    password (the account dict or None). Returns ``(account or None, why)`` with ``why`` one of ``signed_in``,
    ``wrong``, ``locked``. Each attempt is recorded; the caller commits (even a failure: it must count)."""
    now = clock.resolve(now)
    known = _account_id(conn, username)
    if locked_until(conn, username, address, now) is not None:
        record(conn, "sign_in_locked", username, known, address=address, at=now)
        return None, "locked"
    account = authenticate(conn, username, password)
    if account is None:
        record(conn, "sign_in_failed", username, known, address=address, at=now)
        if locked_until(conn, username, address, now) is not None:
            record(conn, "locked", username, known, address=address, at=now,
                   detail={"failures": ACCOUNT_FAILURES, "minutes": LOCKOUT.total_seconds() / 60})
        return None, "wrong"
    record(conn, "sign_in", username, account["id"], address=address, at=now)
    return account, "signed_in"


def locked_until(conn, username, address, now=None):
    """When the lock on ``username`` or ``address`` ends (the later of the two), or None when neither is."""
    now = clock.resolve(now)
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "signin_failures"), {"username": username, "address": address, "now": now,
                                                              "window": WINDOW.total_seconds()})
        account_failures, account_last, address_failures, address_last = cur.fetchone()
    ends = [last + LOCKOUT for failures, last, limit in ((account_failures, account_last, ACCOUNT_FAILURES),
                                                         (address_failures, address_last, ADDRESS_FAILURES))
            if failures >= limit and last + LOCKOUT > now]
    return max(ends) if ends else None


def unlock(conn, username, account_id=None, now=None):
    """Release a locked account now (its failures stop counting)."""
    record(conn, "unlocked", username, account_id, at=now)


def record(conn, event, username, account_id=None, *, address=None, detail=None, at=None):
    """Append one line to the account log."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "account_event_insert"), {
            "at": clock.resolve(at), "event": event, "username": username, "account_id": account_id,
            "address": address, "detail": json.dumps(detail or {}, ensure_ascii=False, default=str)})


def events(conn, *, since=None, username=None, limit=1000):
    """The account log, newest first: ``[{id, at, event, username, account_id, address, detail, operator}]``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "account_events_list"),
                    {"since": since or "-infinity", "username": username, "limit": limit})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


LOG_COLUMNS = ("at", "event", "username", "address", "operator", "detail")


def log_table(found):
    """Account-log lines (of :func:`events`) as rows of text for a spreadsheet, headers first; no cell
    is ever read as a formula (:mod:`gis.text_cells`)."""
    return [list(LOG_COLUMNS)] + [text_row([e["at"].astimezone(clock.SHANGHAI).isoformat(), e["event"], e["username"],
                                            e["address"] or "", e["operator"] or "",
                                            json.dumps(e["detail"] or {}, ensure_ascii=False)]) for e in found]


def _account_id(conn, username):
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "accounts_get"), {"id": None, "username": username})
        row = cur.fetchone()
    return row[0] if row else None
