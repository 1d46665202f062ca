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
"""
import datetime as dt

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

    Returns ``{"limit_hours", "used_hours", "fraction", "colour", "deadline", "running"}``.
    """
    if case.get("deadline") is None:
        return None
    limit = dt.timedelta(hours=float(case["time_limit_hours"]))
    stopped = case.get("clock_paused_at")
    used = limit - (case["deadline"] - (stopped or now))
    fraction = used / limit    # timedelta / timedelta: exact microseconds, so 80 % is exactly 0.8
    return {"limit_hours": _hours(limit), "used_hours": round(_hours(used), 4), "fraction": round(fraction, 6),
            "colour": colour(fraction), "deadline": case["deadline"], "running": stopped is None}


def start_clock(limit_hours, now):
    """Case columns for a clock that starts at ``now`` with ``limit_hours``."""
    return {"time_limit_hours": limit_hours, "clock_started_at": now,
            "deadline": now + dt.timedelta(hours=limit_hours), "clock_paused_at": None}


def pause_clock(case, now):
    """Stop a running clock at ``now`` (nothing when there is none or it already stands)."""
    if case.get("deadline") is None or case.get("clock_paused_at") is not None:
        return {}
    return {"clock_paused_at": now}


def resume_clock(case, now):
    """Run a standing clock again: the deadline moves on by the time it stood still."""
    paused = case.get("clock_paused_at")
    if paused is None:
        return {}
    return {"deadline": case["deadline"] + (now - paused), "clock_paused_at": None}


def extend_clock(case, new_limit_hours):
    """A new, longer limit for the running clock (延期); the deadline moves by the difference."""
    extra = dt.timedelta(hours=new_limit_hours - float(case["time_limit_hours"]))
    return {"time_limit_hours": new_limit_hours, "deadline": case["deadline"] + extra}


def _hours(delta):
    return delta.total_seconds() / 3600.0
