"""Working time on the official calendar: which days are working days, and time counted on them only.

Concept: a limit in working days (工作日, "3个工作日") runs on **working time** — the hours of working
days, whole days of 24 h — and stands still on weekends and public holidays, while the 调休 weekend days
the State Council makes working days count. Which day is which comes from the maintained
``chinese_calendar`` package (the State Council's yearly notice); for a year it does not know yet the
fallback is Monday to Friday (:func:`is_workday` says so in :data:`FALLBACK`). Days are those of
Asia/Shanghai.

``working_seconds(a, b)`` is the working time between two instants; ``add_working(t, s)`` the instant at
which ``s`` seconds of working time have passed since ``t``. N working days from a start on a working
day end at the same time of day N working days later; from a start on a day off they end at midnight
after the Nth working day.

>>> import datetime as dt
>>> friday = dt.datetime(2026, 2, 13, 10, 0, tzinfo=SHANGHAI)      # the Friday before the Spring Festival
>>> add_working(friday, 2 * DAY).isoformat()        # Saturday 14th is a 调休 working day, 15th–23rd off
'2026-02-24T10:00:00+08:00'
"""
import datetime as dt
import functools

import chinese_calendar

from grids.clock import SHANGHAI

DAY = 86_400.0
FALLBACK = "Monday to Friday (a year the official calendar package does not know yet)"


@functools.lru_cache(maxsize=4096)
def is_workday(day):
    """Whether ``day`` (a date) is a working day: the official calendar, else Monday to Friday."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:       # a year the package does not cover
        return day.weekday() < 5


def working_seconds(start, end):
    """Working time from ``start`` to ``end`` in seconds (negative when ``end`` is before ``start``)."""
    if end < start:
        return -working_seconds(end, start)
    start, end = start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)
    total, cursor = 0.0, start
    while cursor.date() < end.date():
        midnight = _midnight_after(cursor)
        if is_workday(cursor.date()):
            total += (midnight - cursor).total_seconds()
        cursor = midnight
    return total + ((end - cursor).total_seconds() if is_workday(cursor.date()) else 0.0)


def add_working(start, seconds):
    """The instant at which ``seconds`` (≥ 0) of working time have passed since ``start``."""
    cursor, left = start.astimezone(SHANGHAI), float(seconds)
    while True:
        midnight = _midnight_after(cursor)
        if is_workday(cursor.date()):
            span = (midnight - cursor).total_seconds()
            if left <= span:
                return cursor + dt.timedelta(seconds=left)
            left -= span
        cursor = midnight


def _midnight_after(moment):
    """00:00 (Asia/Shanghai) of the day after ``moment``'s."""
    return dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
