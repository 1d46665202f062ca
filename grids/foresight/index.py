"""One map, one index (一图一指数): a governance index per cell, from the case loop's KPIs.

Concept: a leader compares cells on one number, and must be able to see what it is made of. Each
component is a score from 0 (worst) to 100 (best):

- ``dispute_density``: disputes (category 01, 矛盾纠纷) per 1,000 households, scored against the level's
  cells — the lowest density scores 100, the highest 0 (min-max);
- ``on_time``, ``resolution``, ``satisfaction``: the KPI rates × 100 (docs/kpis.md);
- ``repeats``: (1 − repeat rate) × 100;
- ``backlog``: overdue open cases per 1,000 households, min-max like the density;
- ``warnings``: early warnings (群体性事件苗头, :mod:`grids.foresight.warnings`) whose burst began in the
  window and that were not dismissed, per 1,000 households, min-max like the density.

The index is the weighted mean of the components a cell has (a cell without ratings is scored on the
others, their weights scaled up); weights default to :data:`DEFAULT_WEIGHTS` and are configurable. The
trend is the index month by month, each month's cohort scored on its own.
"""
import datetime as dt

import numpy as np

from gis.sqlfiles import load
from grids.cases.kpi import kpis_by_level
from grids.cells import generations

DEFAULT_WEIGHTS = {"dispute_density": 0.2, "on_time": 0.2, "resolution": 0.2, "satisfaction": 0.2,
                   "repeats": 0.1, "backlog": 0.1, "warnings": 0.1}
DISPUTES = "01"


def governance_index(conn, level, since, until, now=None, weights=None):
    """One dict per cell of ``level``: ``code``, ``name``, ``households``, ``index`` (0-100, None without
    any component), ``components`` (each 0-100 or None) and ``rank`` (1 = best), best first."""
    weights = check_weights(weights or DEFAULT_WEIGHTS)
    since, until = _midnight(since), _midnight(until)
    kpis = kpis_by_level(conn, level, since, until, now)
    disputes = {row["code"]: row["received"] for row in kpis_by_level(conn, level, since, until, now,
                                                                          category=DISPUTES)}
    households = _households(conn, level)
    warnings = _warnings(conn, level, since, until)
    rows = [_components(row, disputes.get(row["code"], 0), warnings.get(row["code"], 0), households.get(row["code"]))
            for row in kpis]
    for name in ("dispute_density", "backlog", "warnings"):
        _min_max(rows, name)
    for row in rows:
        row["index"] = _weighted(row["components"], weights)
    ranked = sorted(rows, key=lambda r: (r["index"] is None, -(r["index"] or 0), r["code"]))
    for rank, row in enumerate(ranked, start=1):
        row["rank"] = rank if row["index"] is not None else None
    return ranked


def index_trend(conn, level, months, until, now=None, weights=None):
    """``{code: [index of each month]}`` for the ``months`` calendar months before ``until`` (a date,
    the first of a month), oldest first."""
    trend = {}
    for start, end in _months(until, months):
        for row in governance_index(conn, level, start, end, now, weights):
            trend.setdefault(row["code"], []).append(row["index"])
    return trend


def check_weights(weights):
    """The weights, checked: known components, numbers ≥ 0, not all 0 (ValueError naming the problem)."""
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(f"no index component {', '.join(sorted(unknown))}; components: {', '.join(DEFAULT_WEIGHTS)}")
    if any(not isinstance(w, (int, float)) or w < 0 or not np.isfinite(w) for w in weights.values()):
        raise ValueError("index weights are numbers of 0 or more")
    if not sum(weights.values()):
        raise ValueError("at least one index weight must be above 0")
    return dict(weights)


def _households(conn, level):
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "index_households"), {"level": level, "generation": generation})
        return dict(cur.fetchall())


def _warnings(conn, level, since, until):
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "index_warnings"), {"level": level, "since": since, "until": until})
        return dict(cur.fetchall())


def _components(row, disputes, warnings, households):
    """A cell's rate components, and its densities per 1,000 households (scored by :func:`_min_max`)."""
    return {"code": row["code"], "name": row["name"], "households": households,
            "per_1000_households": {"dispute_density": _per_thousand(disputes, households),
                                    "backlog": _per_thousand(row["backlog_overdue"], households),
                                    "warnings": _per_thousand(warnings, households)},
            "components": {"dispute_density": None, "on_time": _score(row["on_time_rate"]),
                           "resolution": _score(row["resolution_rate"]),
                           "satisfaction": _score(row["satisfaction_rate"]),
                           "repeats": _score(row["repeat_rate"], invert=True), "backlog": None, "warnings": None}}


def _per_thousand(count, households):
    return round(count * 1000 / households, 2) if households else None


def _score(rate, invert=False):
    return None if rate is None else round(100 * ((1 - rate) if invert else rate), 1)


def _min_max(rows, name):
    """Score ``name`` 100 for the level's lowest raw value, 0 for its highest (all 100 when equal)."""
    values = [r["per_1000_households"][name] for r in rows if r["per_1000_households"][name] is not None]
    if not values:
        return
    low, high = min(values), max(values)
    for row in rows:
        value = row["per_1000_households"][name]
        if value is not None:
            row["components"][name] = 100.0 if high == low else round(100 * (high - value) / (high - low), 1)


def _weighted(components, weights):
    present = {k: v for k, v in components.items() if v is not None and weights.get(k, 0) > 0}
    total = sum(weights[k] for k in present)
    return round(sum(weights[k] * v for k, v in present.items()) / total, 1) if total else None


def _midnight(day):
    """A date as the start of that day (the KPIs take times); a time as it is."""
    return day if day is None or isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time())


def month_starts(until, count):
    """The first days of the ``count`` calendar months before the month of ``until``, oldest first (the
    months of :func:`index_trend`)."""
    return [start for start, _ in _months(until, count)]


def _months(until, count):
    end = dt.date(until.year, until.month, 1)
    spans = []
    for _ in range(count):
        start = (end - dt.timedelta(days=1)).replace(day=1)
        spans.append((start, end))
        end = start
    return spans[::-1]
