"""The checks and the writing discipline shared by the petition office's work (backlog, proxies, reception
days, suggestions).

Concept: every public writer of :mod:`grids.petitions.backlog`, :mod:`~grids.petitions.proxies`,
:mod:`~grids.petitions.reception` and :mod:`~grids.petitions.suggestions` checks its whole input first
with the functions here — a bad value is refused with :class:`PetitionWorkError` naming the field — and
then writes inside :func:`atomic` (a savepoint), so a refusal writes nothing. Every action appends one
row to ``petition_work_event`` (:func:`event`) with the person it names (``by_person_id``) and the
session's operator. Nothing commits: the caller does.
"""
import decimal
import json

from gis.sqlfiles import load
from grids import clock, limits, steps
from grids.cases import loop
from grids.errors import PetitionError

PACKAGE = "grids.petitions"


class PetitionWorkError(PetitionError):
    """A step of the petition office's work (积案, 信访代理, 接访日, 人民建议) that cannot be done as asked:
    ``field`` names the input at fault; nothing was written. A :class:`~grids.errors.PetitionError`."""

    code = "petition_work"


# ---- input ----------------------------------------------------------------------------------------


def text(field, value, maximum=limits.NOTE, *, required=False):
    """``value`` stripped (None when empty); refused naming ``field`` when required and missing, too long,
    or not text."""
    if value is not None and not isinstance(value, str):
        raise PetitionWorkError(f"`{field}` must be text", field=field)
    value = (value or "").strip() or None
    if value is None and required:
        raise PetitionWorkError(f"`{field}` is required", field=field)
    if value is not None and limits.text_problem(value, maximum):
        raise PetitionWorkError(f"`{field}` {limits.text_problem(value, maximum)}", field=field)
    return value


def texts(field, values, maximum=limits.NAME, *, required=False):
    """A list of non-empty texts (a comma-separated string is split); refused naming ``field``."""
    if values is None or values == "":
        values = []
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, (list, tuple)) or len(values) > limits.ATTENDEES * 4:
        raise PetitionWorkError(f"`{field}` must be a list of names", field=field)
    checked = [text(field, v, maximum) for v in values]
    checked = [v for v in checked if v]
    if required and not checked:
        raise PetitionWorkError(f"`{field}` names at least one", field=field)
    return checked


def choice(field, value, allowed):
    """``value`` if it is one of ``allowed``; else refused naming ``field`` and listing them."""
    if not isinstance(value, str) or value not in allowed:
        raise PetitionWorkError(f"`{field}` must be one of {', '.join(allowed)}, not {value!r}", field=field)
    return value


def identifier(field, value):
    """A positive id (an int or its digits); refused naming ``field``."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or limits.id_problem(value):
        raise PetitionWorkError(f"`{field}` must be an id (a positive whole number), not {value!r}", field=field)
    return value


def number(field, value, *, default=None, minimum=0.0, maximum=1e6, exclusive_minimum=True):
    """A decimal number within bounds (``default`` when None or empty); refused naming ``field``."""
    if value is None or value == "":
        value = default
    try:
        result = decimal.Decimal(str(value).strip())
    except (decimal.InvalidOperation, TypeError):
        raise PetitionWorkError(f"`{field}` must be a number, not {value!r}", field=field) from None
    too_low = result <= minimum if exclusive_minimum else result < minimum
    if not result.is_finite() or too_low or result > maximum:
        bound = f"more than {minimum:g}" if exclusive_minimum else f"at least {minimum:g}"
        raise PetitionWorkError(f"`{field}` must be {bound} and at most {maximum:g}, not {value!r}", field=field)
    return result


def day(field, value, *, required=True):
    """A date (a ``date`` or ``YYYY-MM-DD``); refused naming ``field``."""
    return steps.step_date(field, value, PetitionWorkError, required=required)


def moment(field, value):
    """A time (a datetime or ISO text; naive: Asia/Shanghai); refused naming ``field``."""
    try:
        return clock.resolve(value)
    except (ValueError, TypeError):
        raise PetitionWorkError(f"`{field}` must be a time (ISO 8601), not {value!r}", field=field) from None


def when(now):
    """``now`` resolved on the case clock; refused when ahead of the server's clock."""
    resolved = moment("now", now)
    loop.refuse_future(resolved)
    return resolved


def actor(conn, by, *, required=True, field="by"):
    """The person ``by`` (a code or id of the roster) as a dict; None for nobody when not required."""
    return steps.person_acting(conn, by, PetitionWorkError, required=required, field=field)


def incident(conn, case_id, *, field="case"):
    """The case ``case_id`` (id, channel, status, reported_at, its cell codes); refused naming ``field``."""
    case_id = identifier(field, case_id)
    rows = rows_of(conn, "backlog_incident", {"id": case_id})
    if not rows:
        raise PetitionWorkError(f"no case {case_id}", field=field, case=case_id)
    return rows[0]


# ---- writing --------------------------------------------------------------------------------------


def atomic(conn):
    """A savepoint around a step (:func:`grids.steps.savepoint`)."""
    return steps.savepoint(conn, "petition_work_step")


def event(conn, query, subject, subject_id, action, by, at, *, incident_id=None, note=None, details=None):
    """Append one action to ``petition_work_event`` through ``query`` (each module's own insert file)."""
    rows_of(conn, query, {"subject": subject, "subject_id": subject_id, "action": action,
                          "incident_id": incident_id, "by_person_id": by["id"] if by else None, "at": at,
                          "note": note, "details": as_json(details or {})})


def history(conn, query, subject, subject_id):
    """The actions on one subject, oldest first."""
    return rows_of(conn, query, {"subject": subject, "subject_id": subject_id})


def rows_of(conn, query, params):
    """The rows of ``grids/petitions/sql/<query>.sql`` as dicts (``[]`` for a statement without rows)."""
    with conn.cursor() as cur:
        cur.execute(load(PACKAGE, query), params)
        if cur.description is None:
            return []
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def as_json(value):
    return json.dumps(value, ensure_ascii=False, default=str)


def rate(numerator, denominator):
    """``numerator / denominator`` rounded to 4 places, None when there is nothing to divide by."""
    return round(numerator / denominator, 4) if denominator else None
