"""The map's statistics, remembered while the data they count stands still.

Concept: a command wall asks the same questions again and again (every screen, every filter click
back to the default view), and the heavy ones — every grid member's load over twelve months of
incidents, a level's KPIs over a year — take a second or more on a million incidents. An answer is
kept under its question and the **data version** it was computed at (``map_data_version.sql``): the
generation the map shows, the newest incident and case event ids (every intake adds incidents, every
transition adds an event, every dispute step a dispute event; all read from the primary keys' ends, no scan), a fingerprint of the people
and their cells (names and grids shown with the loads), and the minute of "now" (timers move from
green to red as time passes). While the version stands, the answer is reused, for at most
:data:`MAX_AGE_SECONDS` (edits that leave no trace in the version — a re-imported ticket whose text
changed, a hand placement — are seen by then).

When the version has moved on, the question is computed again — in the request, by default, so every
answer is exact. A server may instead allow ``stale_seconds`` (:func:`serve_stale`; ``gridgov serve``
does): then the previous answer, if younger than that, is returned at once and the new one is computed
in the background, so no visitor waits a second for the loads after every transition; the wall is then
at most that many seconds behind. The background is a fixed set of :data:`REFRESH_WORKERS` threads, each
on one pooled connection while it computes, and a question waits there at most once: after a transition
every stale question of a busy wall is queued, but the refreshes never hold more connections than the
workers (one thread per stale question exhausted the pool and answered visitors 500).

A warmer (:mod:`grids.mapview.warm_start`) asks the same questions ahead of the visitors inside
:func:`computing_in_place`: there a question whose answer is not fresh is computed in the warmer's own
thread, one after the other, never handed to a background thread of its own.

The memory is per process, bounded to :data:`MAX_ENTRIES` answers and :data:`MAX_TEXT_BYTES` of
answers that are text (whole GeoJSON answers); the least recently used go first.
"""
import contextlib
import logging
import os
import queue
import threading
import time
from collections import OrderedDict

from gis import db
from gis.sqlfiles import load

MAX_AGE_SECONDS = 60
MAX_ENTRIES = 256
MAX_TEXT_BYTES = 256 * 2**20
REFRESH_WORKERS = 2            # background refreshes at once (each holds one pooled connection)
_ANSWERS = OrderedDict()      # (name, key) -> (version, stored at, answer)
_REFRESHING = set()           # (name, key) being computed in the background
_COMPUTING = {}               # (name, key) -> the lock of whoever computes it in a request
_SETTINGS = {"stale_seconds": 0}
_TEXT_BYTES = [0]             # the length of the text answers held
_LOCK = threading.Lock()
_IN_PLACE = threading.local()  # .active: this thread computes what is not fresh itself (a warmer)
_QUEUED = queue.SimpleQueue()  # (question, generation, now, compute) for the refreshers
_REFRESHERS_PID = [None]       # the process whose refreshers run (a forked child starts its own)
_log = logging.getLogger(__name__)


def serve_stale(seconds):
    """Allow answers up to ``seconds`` old while their replacement is computed (0: always exact)."""
    _SETTINGS["stale_seconds"] = seconds


def data_version(conn, generation, now=None):
    """``(generation, published_at, newest incident id, newest case event id, newest dispute event id,
    people, their cells,
    minute of now)``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.mapview", "map_data_version"), {"generation": generation})
        return (*cur.fetchone(), None if now is None else int(now.timestamp()) // 60)


def remembered(conn, generation, name, key, compute, now=None):
    """``compute(conn)``, or the answer kept from an earlier call with the same ``name`` and ``key``
    (see the module's docstring). Answers are shared between callers: treat them as read-only."""
    question = (name, key)
    version = data_version(conn, generation, now)
    found, fresh = _lookup(question, version)
    if fresh:
        return found
    if found is not None and not getattr(_IN_PLACE, "active", False):
        _refresh_in_background(question, generation, now, compute)
        return found
    with _computing(question):          # one request computes; the others asking the same wait for it
        found, fresh = _lookup(question, version)
        if fresh:
            return found
        answer = compute(conn)
        _store(question, version, answer)
        return answer


def fresh(conn, generation, name, key, now=None):
    """The answer held for ``name`` and ``key`` if it is fresh at the data's version now, else None (a
    question that a wider answer already held can answer: the KPIs of a district's grids out of the
    city's)."""
    found, is_fresh = _lookup((name, key), data_version(conn, generation, now))
    return found if is_fresh else None


@contextlib.contextmanager
def computing_in_place():
    """Within it, this thread computes every answer that is not fresh itself instead of returning a
    stale one (a warmer: its questions are answered one after the other, on its connection)."""
    _IN_PLACE.active = True
    try:
        yield
    finally:
        _IN_PLACE.active = False


def held():
    """The questions ``(name, key)`` whose answers are held, least recently used first."""
    with _LOCK:
        return list(_ANSWERS)


def forget():
    """Drop every remembered answer (after a bulk change made outside the app; benchmarks timing
    the questions themselves)."""
    with _LOCK:
        _ANSWERS.clear()
        _COMPUTING.clear()
        _TEXT_BYTES[0] = 0


def _lookup(question, version):
    """``(answer, fresh)``: the kept answer if it is of ``version`` and younger than MAX_AGE_SECONDS
    (fresh), or else younger than the stale seconds allowed (not fresh); ``(None, False)`` otherwise."""
    with _LOCK:
        found = _ANSWERS.get(question)
        if found is None:
            return None, False
        _ANSWERS.move_to_end(question)
        age = time.monotonic() - found[1]
        if found[0] == version and age < MAX_AGE_SECONDS:
            return found[2], True
        return (found[2], False) if age < _SETTINGS["stale_seconds"] else (None, False)


def _computing(question):
    with _LOCK:
        return _COMPUTING.setdefault(question, threading.Lock())


def _refresh_in_background(question, generation, now, compute):
    with _LOCK:
        if question in _REFRESHING:
            return
        _REFRESHING.add(question)
        _start_refreshers()
    _QUEUED.put((question, generation, now, compute))


def _start_refreshers():
    if _REFRESHERS_PID[0] == os.getpid():
        return
    _REFRESHERS_PID[0] = os.getpid()
    for number in range(REFRESH_WORKERS):
        threading.Thread(target=_refresh_queued, name=f"map-refresh-{number}", daemon=True).start()


def _refresh_queued():
    while True:
        _refresh(*_QUEUED.get())


def _refresh(question, generation, now, compute):
    try:
        with db.read_connect() as conn:          # where the requests read: the replica, if there is one
            version = data_version(conn, generation, now)
            _store(question, version, compute(conn))
    except Exception:                      # the stale answer stays; the next request tries again
        _log.exception("refreshing the map's answer to %s failed", question[0])
    finally:
        with _LOCK:
            _REFRESHING.discard(question)


def _store(question, version, answer):
    with _LOCK:
        _drop(question)
        _ANSWERS[question] = (version, time.monotonic(), answer)
        _TEXT_BYTES[0] += _text_bytes(answer)
        while len(_ANSWERS) > MAX_ENTRIES or _TEXT_BYTES[0] > MAX_TEXT_BYTES:
            oldest = next(iter(_ANSWERS))
            _drop(oldest)
            _COMPUTING.pop(oldest, None)


def _drop(question):
    found = _ANSWERS.pop(question, None)
    if found is not None:
        _TEXT_BYTES[0] -= _text_bytes(found[2])


def _text_bytes(answer):
    return len(answer) if isinstance(answer, str) else 0
