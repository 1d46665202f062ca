"""Grid member load (网格员工作量): what each grid member carries now and over the last year.

Concept: a member's load has three parts. **Open work**: their open cases, each weighted by severity
(an urgent category — a limit of at most ``URGENT_LIMIT_HOURS`` — weighs ``URGENT_WEIGHT``, a case
under supervision 督办 one more) times lateness (the timer at ``now``: green 1, yellow
``YELLOW_WEIGHT``, red ``RED_WEIGHT``; a case reported back and waiting for verification
``HANDLED_WEIGHT``). **Intake**: the incidents reported in their grids per calendar month over the
last 12 months (rejected and void ones left out). **Population served**: the households of their
grids. The **load index** puts the three on one scale by dividing each by its mean over all members and
weighting the parts by :data:`INDEX_WEIGHTS`: 1.0 is the average member, 1.5 carries half as much again.
``docs/kpis.md`` states the formula. The open-work weight is written once, in ``open_weight.sql``;
:func:`weighted_query` puts it into every query that weighs open cases (here and in
:mod:`grids.planning.analysis.impact`).

Example::

    member_loads(conn, now="2025-12-31 18:00")
    # [{"id": 3, "code": "M1", "name": "…", "grids": [...], "households": 412, "open_cases": 5,
    #   "open_weighted": 8.5, "overdue": 1, "cases_per_month": {"2025-01": 9, …}, "load_index": 1.32}, …]
"""
import datetime as dt

from psycopg2 import sql

from gis.sqlfiles import load
from grids import clock
from grids.cases import time_limits
from grids.cells import generations
from grids.incidents import rollup

URGENT_LIMIT_HOURS = 24
URGENT_WEIGHT = 2.0
YELLOW_WEIGHT = 1.5
RED_WEIGHT = 2.0
HANDLED_WEIGHT = 0.5
MONTHS = 12
INDEX_WEIGHTS = {"open_weighted": 0.5, "avg_cases_per_month": 0.3, "households": 0.2}


def member_loads(conn, now=None):
    """One dict per grid member, by id: grids, households, population, open cases (plain and
    weighted), overdue, ``cases_per_month`` (the last 12 calendar months, oldest first, the current
    one partial), ``avg_cases_per_month``, ``patrol_reports`` (of those) and ``load_index``."""
    now = clock.resolve(now)
    months = month_starts(now)
    with conn.cursor() as cur:
        query = weighted_query(load("grids.cases", "load_members"), facts=rollup.facts("grid"))
        cur.execute(query, _params(conn, now, months[0]))
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    labels = [(month.isoformat(), f"{month:%Y-%m}") for month in months]     # formatted once, not per member
    members = [_member(row, labels) for row in rows]
    return with_load_index(members)


def month_starts(now, count=MONTHS):
    """The first days of the ``count`` calendar months (Asia/Shanghai) ending with the one of ``now``."""
    local = now.astimezone(clock.SHANGHAI)
    index = local.year * 12 + local.month - 1
    return [dt.date((index - back) // 12, (index - back) % 12 + 1, 1) for back in range(count - 1, -1, -1)]


def with_load_index(members):
    """``members`` with ``load_index``: Σ weight × part / mean part over all members (1.0: average)."""
    means = {part: sum(_part(m, part) for m in members) / len(members) for part in INDEX_WEIGHTS} if members else {}
    for member in members:
        index = sum(weight * _relative(_part(member, part), means[part]) for part, weight in INDEX_WEIGHTS.items())
        member["load_index"] = round(index, 4)
    return members


def weighted_query(text, **parts):
    """The query ``text`` (a package's SQL file) with the open-work weight of an open case ``i`` at
    ``%(now)s`` (``open_weight.sql``) in place of ``{open_weight}`` and the composed SQL ``parts`` in
    theirs; run it with :func:`weight_params`."""
    return sql.SQL(text).format(open_weight=sql.SQL(load("grids.cases", "open_weight")), **parts)


def weight_params(now):
    """The parameters of the open-work weight at ``now``."""
    return {"now": now, "urgent_hours": URGENT_LIMIT_HOURS, "urgent_weight": URGENT_WEIGHT,
            "yellow_weight": YELLOW_WEIGHT, "red_weight": RED_WEIGHT, "handled_weight": HANDLED_WEIGHT,
            "yellow_from": time_limits.YELLOW_FROM}


def _params(conn, now, months_from):
    """The loads' parameters: the open-work weight's, and the window of the twelve months' intake
    (:func:`grids.incidents.rollup.window`, its whole months from the roll-up)."""
    since = dt.datetime.combine(months_from, dt.time(), clock.SHANGHAI)
    return {**weight_params(now), **rollup.window(since, now),
            "generation": generations.current_generation(conn) or generations.working_generation(conn)}


def _member(row, months):
    """A member's dict from their row; ``months``: ``[(first day "YYYY-MM-DD", label "YYYY-MM")]``."""
    by_month = row.pop("cases_by_month")
    per_month = {label: int(by_month.get(day, 0)) for day, label in months}
    return {**row, "open_weighted": float(row["open_weighted"]), "patrol_reports": int(row["patrol_reports"]),
            "cases_per_month": per_month, "avg_cases_per_month": sum(per_month.values()) / len(months)}


def _part(member, part):
    return float(member[part] or 0)


def _relative(value, mean):
    """``value`` against the mean of all members; when every member has 0, each is average (1)."""
    return value / mean if mean else 1.0
