"""The petition office's indicators per cell and month, year on year (formulas: docs/kpis.md, "Petitions").

Concept: matters count in the month they were **registered** (登记), in the cell their case is placed in
(at the ``level`` asked: district, street, community, grid); skip-level visits in the month of the visit,
in their **cell of origin**. Per cell and month:

- ``total``: matters registered (信访总量); ``first`` and ``repeat`` (:mod:`grids.petitions.repeats`);
- ``beijing``, ``province``, ``city``: skip-level visits (进京、赴省、到市) — with ``total`` the four key
  indicators (四项重点指标);
- ``first_share`` = first / total (初信初访占比);
- ``first_satisfaction`` = first petitions rated 满意 or 基本满意 / first petitions rated (初信初访满意率);
- ``first_to_repeat`` = first petitions with a repeat registered since (up to ``as_of``) / first petitions
  (初次信访转重复信访率);
- ``last_year``: the same numbers for the same cell and month a year before, and ``change`` (total and the
  three visit counts: this year − last year).

A rate with nothing to divide by is None, never 0.
"""
import datetime as dt

from gis.sqlfiles import load
from grids import clock
from grids.errors import PetitionError

LEVELS = ("district", "street", "community", "grid")
COUNTS = ("total", "first", "repeat", "first_rated", "first_satisfied", "first_turned_repeat",
          "beijing", "province", "city")
UNPLACED = "(unplaced)"


def indicators(conn, *, start, end, level="grid", within=None, as_of=None):
    """Rows ``{cell, month, <counts>, first_share, first_satisfaction, first_to_repeat, last_year, change}``
    for the months ``start`` to ``end`` (``'2025-03'`` or dates; both included), cells at ``level`` under
    ``within``; sorted by cell, month."""
    if level not in LEVELS:
        raise PetitionError(f"`level` is one of {', '.join(LEVELS)}, not {level!r}", field="level")
    first, last = _month("start", start), _month("end", end)
    if last < first:
        raise PetitionError(f"`end` ({last:%Y-%m}) is before `start` ({first:%Y-%m})", field="end")
    params = {"level": level, "start": _shift(first, -12), "end": _shift(last, 1), "within": within,
              "as_of": clock.today(as_of)}
    table = {}
    for query in ("kpi_matters", "kpi_visits"):
        with conn.cursor() as cur:
            cur.execute(load("grids.petitions", query), params)
            columns = [d[0] for d in cur.description]
            for row in cur.fetchall():
                row = dict(zip(columns, row))
                key = (row.pop("cell") or UNPLACED, row.pop("month"))
                table.setdefault(key, dict.fromkeys(COUNTS, 0)).update({k: int(v) for k, v in row.items()})
    rows = []
    for (cell, month), counts in sorted(table.items()):
        if not first <= month <= last:
            continue
        before = table.get((cell, _shift(month, -12)))
        rows.append({"cell": cell, "month": f"{month:%Y-%m}", **_with_rates(counts),
                     "last_year": _with_rates(before) if before else None,
                     "change": {k: counts[k] - (before[k] if before else 0)
                                for k in ("total", "beijing", "province", "city")}})
    return rows


def _with_rates(counts):
    return {**counts, "first_share": _rate(counts["first"], counts["total"]),
            "first_satisfaction": _rate(counts["first_satisfied"], counts["first_rated"]),
            "first_to_repeat": _rate(counts["first_turned_repeat"], counts["first"])}


def _rate(part, whole):
    return round(part / whole, 4) if whole else None


def _month(field, value):
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        return dt.date.fromisoformat(f"{str(value).strip()[:7]}-01")
    except ValueError:
        raise PetitionError(f"`{field}` is a month (YYYY-MM), not {value!r}", field=field) from None


def _shift(month, months):
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
