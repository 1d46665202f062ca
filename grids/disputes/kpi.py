"""KPIs of the dispute chain (矛盾纠纷化解指标), per cell, per organisation and per mediator, over a period.

Concept: as the case loop's KPIs (:mod:`grids.cases.kpi`), a row describes the **cohort** of disputes
*received* in ``[since, until)`` (the case's report time) — placed in the cell (its placement column of the
level: codes nest), sent to the organisation, or to the mediator — **as they stand now**: how many were
screened, mediated, resolved, handed to a court, how their agreements were performed. Every formula is in
``docs/kpis.md`` (Disputes); :data:`RATES` is that list in code. Rates are fractions 0–1, None when their
denominator is 0. ``load`` (organisations, mediators) is not a cohort: the disputes still being mediated
now, whenever received.

Example::

    by_level(conn, "community", since="2025-01-01", until="2026-01-01")
    # [{"code": "370212001001", "name": "…", "received": 120, "resolution_rate": 0.91, …}, …]
"""
from psycopg2 import sql

from gis.sqlfiles import load
from grids import clock
from grids.cells import generations
from grids.cells.hierarchy import LEVELS
from grids.errors import HierarchyError

COUNTS = ("received", "screened", "mediated", "resolved", "outcomes", "successes", "to_court", "followed_up",
          "performed", "open", "risk_red", "risk_orange", "risk_yellow", "risk_blue")
RATES = {
    "resolution_rate": ("resolved", "received"),          # 化解率
    "success_rate": ("successes", "outcomes"),             # 调解成功率
    "court_share": ("to_court", "received"),               # 诉讼/仲裁分流占比 (诉源治理)
    "performance_rate": ("performed", "followed_up"),      # 协议履行率
}
FIELDS = (*COUNTS, *RATES, "median_days_to_resolve")
KEYS = {"org": ("d.org_id", ""),
        "mediator": ("dm.mediator_id", "JOIN dispute_mediator dm ON dm.incident_id = d.incident_id")}


def by_level(conn, level, since=None, until=None, now=None, within=None):
    """One KPI dict per cell of ``level`` (district … grid) of the current generation (``code``, ``name``,
    then :data:`FIELDS`), under the cell code ``within`` when given; cells with no dispute have zeros."""
    if level not in LEVELS or level == "microgrid":
        raise HierarchyError(f"dispute KPIs are per district, street, community or grid, not {level!r}",
                             level=level)
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    stats = _stats(sql.Identifier("i", f"{level}_code"), sql.SQL(""))
    query = sql.SQL(load("grids.disputes", "kpi_cells")).format(stats=stats)
    params = {**_window(since, until, now), "level": level, "generation": generation, "within": within}
    return [{"code": r["code"], "name": r["name"], **kpis(r)} for r in _fetch(conn, query, params)]


def by_org(conn, since=None, until=None, now=None):
    """One KPI dict per mediation organisation (``id``, ``code``, ``name``, ``kind``, ``area_code``,
    ``load``, then :data:`FIELDS`)."""
    return _grouped(conn, "org", "kpi_orgs", ("id", "code", "name", "kind", "area_code", "load"),
                    since, until, now)


def by_mediator(conn, since=None, until=None, now=None):
    """One KPI dict per mediator (``id``, ``code``, ``name``, ``org_id``, ``load``, then :data:`FIELDS`); a
    dispute sent to two mediators counts for each."""
    return _grouped(conn, "mediator", "kpi_mediators", ("id", "code", "name", "org_id", "load"), since, until, now)


def kpis(counts):
    """The KPI fields of one row of counts (missing counts are 0)."""
    row = {name: int(counts.get(name) or 0) for name in COUNTS}
    for name, (numerator, denominator) in RATES.items():
        row[name] = row[numerator] / row[denominator] if row[denominator] else None
    median = counts.get("median_days_to_resolve")
    row["median_days_to_resolve"] = round(float(median), 2) if median is not None else None
    return row


def _grouped(conn, key, query_name, head, since, until, now):
    column, join = KEYS[key]
    stats = _stats(sql.SQL(column), sql.SQL(join))
    query = sql.SQL(load("grids.disputes", query_name)).format(stats=stats)
    return [{**{k: r[k] for k in head}, **kpis(r)} for r in _fetch(conn, query, _window(since, until, now))]


def _stats(key, join):
    return sql.SQL(load("grids.disputes", "kpi_stats")).format(key=key, join=join)


def _window(since, until, now):
    return {"since": clock.resolve(since) if since else None, "until": clock.resolve(until) if until else None,
            "now": clock.resolve(now)}


def _fetch(conn, query, params):
    with conn.cursor() as cur:
        cur.execute(query, params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
