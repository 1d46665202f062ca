"""What every recorded step of a record beside a case shares (a dispute's, a petition matter's, the
petition office's work): the step's time on the case clock, the person it names, and a savepoint.

Concept: a step checks its input, then writes its rows and its history event inside a savepoint, so a
refusal half-way writes nothing while the caller's transaction goes on; nothing here commits. Each domain
refuses with its own error class (:class:`grids.errors.DisputeError`, :class:`grids.errors.PetitionError`
…), which names the field, so the callers pass it in.
"""
import contextlib
import datetime as dt

from psycopg2 import sql

from grids import clock
from grids.cases import loop
from grids.errors import PersonError
from grids.people import roster


def step_time(now):
    """``now`` resolved (the case clock), refused when ahead of the server's clock."""
    now = clock.resolve(now)
    loop.refuse_future(now)
    return now


def person_acting(conn, by, error, *, required, field="by"):
    """The person ``by`` (a code or id of the roster) as a dict, None for the system when not
    ``required``; refused as ``error`` naming ``field``."""
    if by is None or by == "":
        if required:
            raise error("this step is taken by a person: name who (a code or id of the roster)", field=field)
        return None
    try:
        return roster.find_person(conn, by)
    except PersonError as refused:
        raise error(refused.message, field=field, person=str(by)) from None


def step_date(field, value, error, *, required):
    """A date (a ``date``, a time — its day in Asia/Shanghai — or ``YYYY-MM-DD``); refused as ``error``
    naming ``field``; None when missing and not ``required``."""
    if value is None or value == "":
        if required:
            raise error(f"`{field}` is required (a date, YYYY-MM-DD)", field=field)
        return None
    if isinstance(value, dt.datetime):
        return clock.today(value)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise error(f"`{field}` must be a date (YYYY-MM-DD), not {value!r}", field=field) from None


@contextlib.contextmanager
def savepoint(conn, name):
    """Whatever the block wrote is undone if it raises (the caller's transaction goes on)."""
    def run(statement):
        with conn.cursor() as cur:
            cur.execute(sql.SQL(statement).format(sql.Identifier(name)))

    run("SAVEPOINT {}")
    try:
        yield
    except BaseException:
        run("ROLLBACK TO SAVEPOINT {}")
        raise
    run("RELEASE SAVEPOINT {}")
