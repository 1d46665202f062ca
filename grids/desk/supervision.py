"""挂牌督办 by rule, and the lateness of departments called by 吹哨.

Concept: the command centre puts a case under supervision (督办) by hand; the rules put forward the
cases it should not have to find: an open case that has used more than :data:`TIMES_LIMIT` times its
limit, one reopened :data:`REOPENED` times or more, or one whose problem was reported again
:data:`REPEATS` times or more in the last :data:`REPEAT_DAYS` days. The list (each case with the rules
it meets) is on the workbench and the command page; supervising one takes it off the list.
"""
import datetime as dt

from gis.sqlfiles import load
from grids import clock
from grids.cases import time_limits

TIMES_LIMIT = 2.0
REOPENED = 2
REPEATS = 3
REPEAT_DAYS = 30


def due_for_supervision(conn, scope, now=None):
    """The open, unsupervised cases of ``scope`` the rules name: ``[{"id", "rules": [...]}]`` where a rule
    is ``long_overdue``, ``reopened`` or ``repeated``, with the counts behind them."""
    params = {"scope": list(scope), "now": clock.resolve(now), "times_limit": TIMES_LIMIT, "reopened": REOPENED,
              "repeats": REPEATS, "days": REPEAT_DAYS}
    with conn.cursor() as cur:
        cur.execute(load("grids.desk", "desk_supervision_due"), params)
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    found = []
    for row in rows:
        rules = [name for name, met in (("long_overdue", _long_overdue(row, params["now"])),
                                        ("reopened", row["reopened"] >= REOPENED),
                                        ("repeated", row["recent_repeats"] >= REPEATS)) if met]
        if rules:
            found.append({"id": row["id"], "reopened": row["reopened"], "recent_repeats": row["recent_repeats"],
                          "rules": rules})
    return found


def _long_overdue(row, now):
    """The SQL's wall-clock answer, checked on working time for a limit in working days."""
    if not row["long_overdue"] or not row["limit_workdays"]:
        return row["long_overdue"]
    return time_limits.timer(row, now)["fraction"] > TIMES_LIMIT


def whistle_lateness(conn, scope, since, until, now=None):
    """Per department, the calls (吹哨) on cases of ``scope`` made in ``[since, until)``: calls, answered,
    answered late, unanswered past due."""
    params = {"scope": list(scope), "since": since, "until": until, "now": clock.resolve(now)}
    with conn.cursor() as cur:
        cur.execute(load("grids.desk", "desk_whistle_lateness"), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def last_days(days, now=None):
    """``(since, until)`` of the last ``days`` days up to ``now``."""
    now = clock.resolve(now)
    return now - dt.timedelta(days=days), now
