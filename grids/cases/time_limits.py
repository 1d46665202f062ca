"""Time limits (办理时限): the clock of a case, from dispatch to report back.

Concept: a case's limit is its category's, in hours (a leaf without one takes its parent's, a case
without either ``DEFAULT_LIMIT_HOURS``). The clock starts when the case is dispatched to a level and
counts **wall-clock hours: nights, weekends and public holidays count** — grid work is a 24-hour
service and the category limits (12 h for gas, 24 h for heating) are meant as elapsed time. A wait
that is nobody's fault is taken off the clock explicitly: while a case is suspended (挂账) or waits for
verification (handled) its clock stands still, and the deadline moves on by that time when it runs
again; an extension (延期) sets a new limit. Escalation to a higher level starts a new clock there.

So a running case always has ``deadline = clock start + limit + time stood still``, and what is used
of the limit is ``limit − (deadline − t)`` with ``t`` the time the clock stopped or now. The timer is
**green** below 80 % of the limit, **yellow** from 80 % up to and including 100 %, **red** beyond.

A category's limit may be **working days** instead (``time_limit_workdays``, "3个工作日"). **A ticket's own
limit wins.** An assigned task or a hotline ticket may carry its own 办理时限 ("3个工作日", "48小时", "2天")
or an absolute deadline (办结时限 "2026-03-01 18:00"): the import reads it into the incident's
``own_limit_hours``, ``own_limit_workdays`` or ``own_deadline`` (:func:`ticket_limit`), and every clock
that starts — dispatch, escalation, reopening — starts with it instead of the category's
(:func:`start_case_clock`). A deadline gives the clock the time left until it; a clock that starts at
or after it (the deadline has passed) runs on the category's limit. A limit in **working days** runs on
working time (:mod:`grids.cases.workdays`: the official calendar, holidays off, 调休 days on): its deadline is where
that much working time has passed, the timer's fraction is working time used over working time allowed,
and time stood still is given back in working time — so the Spring Festival turns no such case red.
(``limit_workdays`` marks such a clock; ``time_limit_hours`` then holds 24 h per working day.)
"""
import datetime as dt

from grids.cases import workdays

DEFAULT_LIMIT_HOURS = 72.0
YELLOW_FROM = 0.8
RED_BEYOND = 1.0


def colour(fraction):
    """``'green'`` below 80 % of the limit, ``'yellow'`` up to 100 % inclusive, ``'red'`` beyond."""
    if fraction < YELLOW_FROM:
        return "green"
    return "yellow" if fraction <= RED_BEYOND else "red"


def timer(case, now):
    """The timer of ``case`` (a dict with the case columns) at ``now``, or None before dispatch.

    Returns ``{"limit_hours", "used_hours", "fraction", "colour", "deadline", "running"}``; for a limit in
    working days the hours are working hours.
    """
    if case.get("deadline") is None:
        return None
    limit = dt.timedelta(hours=float(case["time_limit_hours"]))
    stopped = case.get("clock_paused_at")
    if case.get("limit_workdays"):
        left = dt.timedelta(seconds=workdays.working_seconds(stopped or now, case["deadline"]))
    else:
        left = case["deadline"] - (stopped or now)
    used = limit - left
    fraction = used / limit    # timedelta / timedelta: exact microseconds, so 80 % is exactly 0.8
    return {"limit_hours": _hours(limit), "used_hours": round(_hours(used), 4), "fraction": round(fraction, 6),
            "colour": colour(fraction), "deadline": case["deadline"], "running": stopped is None}


def start_clock(limit_hours, now):
    """Case columns for a clock that starts at ``now`` with ``limit_hours`` (wall-clock hours)."""
    return {"time_limit_hours": limit_hours, "clock_started_at": now,
            "deadline": now + dt.timedelta(hours=limit_hours), "clock_paused_at": None, "limit_workdays": None}


def start_workday_clock(days, now):
    """Case columns for a clock that starts at ``now`` with a limit of ``days`` working days."""
    return {"time_limit_hours": days * 24.0, "clock_started_at": now, "limit_workdays": days,
            "deadline": workdays.add_working(now, days * workdays.DAY), "clock_paused_at": None}


def start_deadline_clock(deadline, now):
    """Case columns for a clock that starts at ``now`` and ends at the absolute ``deadline`` (its limit is
    the wall-clock time left); None when the deadline is not after ``now``: it cannot give a limit."""
    if deadline <= now:
        return None
    return {"time_limit_hours": _hours(deadline - now), "clock_started_at": now, "deadline": deadline,
            "clock_paused_at": None, "limit_workdays": None}


def start_limit_clock(limit, now):
    """Case columns for a clock from ``now`` with ``limit``: ``("hours", h)`` or ``("workdays", n)``."""
    unit, amount = limit
    return start_workday_clock(float(amount), now) if unit == "workdays" else start_clock(float(amount), now)


def category_limit(case):
    """The limit of ``case``'s category (its own, else its parent's: ``category_limit_hours`` or
    ``category_limit_workdays`` of the case query), else :data:`DEFAULT_LIMIT_HOURS`."""
    if case.get("category_limit_workdays"):
        return "workdays", float(case["category_limit_workdays"])
    return "hours", float(case.get("category_limit_hours") or DEFAULT_LIMIT_HOURS)


def ticket_limit(case):
    """The ticket's own limit as the import stored it — ``("hours", h)``, ``("workdays", n)`` or
    ``("deadline", t)`` — else None."""
    for unit, column in (("hours", "own_limit_hours"), ("workdays", "own_limit_workdays"),
                         ("deadline", "own_deadline")):
        if case.get(column) is not None:
            return unit, case[column]
    return None


def start_case_clock(case, now, category=None):
    """The clock of ``case`` from ``now``: the ticket's own limit (:func:`ticket_limit`) if it has one that
    still gives time, else ``category`` (a ``(unit, amount)`` limit or hours; default: :func:`category_limit`).

    >>> from grids.clock import SHANGHAI
    >>> friday = dt.datetime(2026, 2, 13, 10, tzinfo=SHANGHAI)       # Saturday 14th is a 调休 working day
    >>> start_case_clock({"own_limit_workdays": 2.0}, friday, ("hours", 24.0))["deadline"].isoformat()
    '2026-02-24T10:00:00+08:00'
    """
    own = ticket_limit(case)
    if own is not None and own[0] == "deadline":
        clock = start_deadline_clock(own[1], now)
        if clock is not None:
            return clock
        own = None
    if category is None:
        category = category_limit(case)
    elif not isinstance(category, tuple):
        category = ("hours", float(category))
    return start_limit_clock(own or category, now)


def pause_clock(case, now):
    """Stop a running clock at ``now`` (nothing when there is none or it already stands)."""
    if case.get("deadline") is None or case.get("clock_paused_at") is not None:
        return {}
    return {"clock_paused_at": now}


def resume_clock(case, now):
    """Run a standing clock again: the deadline moves on by the time it stood still (working time for a
    limit in working days: what was left of it is left again)."""
    paused = case.get("clock_paused_at")
    if paused is None:
        return {}
    if case.get("limit_workdays"):
        left = workdays.working_seconds(paused, case["deadline"])
        deadline = workdays.add_working(now, left) if left > 0 else now + (case["deadline"] - paused)
        return {"deadline": deadline, "clock_paused_at": None}
    return {"deadline": case["deadline"] + (now - paused), "clock_paused_at": None}


def extend_clock(case, new_limit_hours):
    """A new, longer limit for the running clock (延期); the deadline moves by the difference (working
    hours for a limit in working days)."""
    extra = new_limit_hours - float(case["time_limit_hours"])
    if case.get("limit_workdays"):
        return {"time_limit_hours": new_limit_hours, "limit_workdays": new_limit_hours / 24.0,
                "deadline": workdays.add_working(case["deadline"], extra * 3600)}
    return {"time_limit_hours": new_limit_hours, "deadline": case["deadline"] + dt.timedelta(hours=extra)}


def _hours(delta):
    return delta.total_seconds() / 3600.0
