"""KPIs of the case loop (考核指标), for every cell of a level or every person, over a time window.

Concept: a KPI row describes the **cohort** of incidents *reported* in a window ``[since, until)`` and
placed in a cell (or handled by a person), **as those cases stand at** ``now``: how many were received,
accepted, answered on time, resolved, rated satisfied, repeats, still open, overdue, and at which level
of the cell hierarchy they were closed ("小事不出村、大事不出街道"). A level's table is one SQL query
grouped by the level's placement column (codes nest, so grouping by ``street_code`` is grouping by code
prefix), never a query per cell. ``docs/kpis.md`` gives every formula; :data:`RATES` is that list in
code. Rates are fractions 0–1, None when their denominator is 0.

Example::

    kpis_by_level(conn, "grid", since="2025-01-01", until="2026-01-01")
    # [{"code": "370212001001001", "name": "…", "received": 120, "response_rate": 0.98, …}, …]
"""
from psycopg2 import sql

from gis.sqlfiles import load
from grids import clock
from grids.cells import generations
from grids.cells.codes import district_of, grid_of, is_city_code, subtree_end, subtree_prefix
from grids.cells.hierarchy import LEVELS
from grids.errors import HierarchyError
from grids.incidents import rollup
from grids.people import roster

# rate: (numerator, denominator): counts of kpi_stats.sql, "due" = finished + backlog_overdue
RATES = {
    "response_rate": ("responded", "received"),
    "on_time_rate": ("finished_on_time", "due"),
    "resolution_rate": ("resolved", "accepted_valid"),
    "satisfaction_rate": ("satisfied", "rated"),
    "repeat_rate": ("repeats", "received"),
}
CLOSING_LEVELS = ("grid", "community", "street", "district", "department", "direct")   # direct: 直接解答
COUNTS = ("received", "responded", "accepted", "accepted_valid", "finished_on_time", "finished", "resolved", "rated",
          "satisfied", "repeats", "backlog_open", "backlog_overdue", "closed",
          *(f"closed_{level}" for level in CLOSING_LEVELS))   # the columns of kpi_stats.sql
FIELDS = ("received", "accepted", "response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate",
          "repeat_rate", "backlog_open", "backlog_overdue", "avg_handling_hours", "closed",
          *(f"closed_share_{level}" for level in CLOSING_LEVELS))


def kpis_by_level(conn, level, since=None, until=None, now=None, within=None, category=None, channel=None,
                  from_incidents=False):
    """One KPI dict per cell of ``level`` (``code``, ``name``, then :data:`FIELDS`), by code.

    ``since``/``until``: the report window (datetimes or ISO strings, None: unbounded; ``until``
    excluded). ``within``: only cells whose code starts with it (a drill-down: the grids of one
    community). ``category`` (a 大类 takes its 小类) and ``channel``: only those incidents. Every cell
    of the current generation is listed, even with nothing received. Levels down to the grid are
    counted from the incident roll-up (:mod:`grids.incidents.rollup`); ``from_incidents``: from the
    incidents alone (the same answer; for checks and benchmarks).
    """
    return _cell_rows(conn, level, _window(since, until, now, category, channel), within=within,
                      from_incidents=from_incidents)


def kpis_for_cell(conn, code, since=None, until=None, now=None, category=None, channel=None):
    """The KPI dict of the cell ``code`` (its level found from the code's length), or a zero row."""
    level = level_of_code(code)
    rows = _cell_rows(conn, level, _window(since, until, now, category, channel), key_value=code)
    return rows[0] if rows else zero_row(code)


def zero_row(code):
    """The KPI dict of a cell that received nothing."""
    return {"code": code, "name": None, **_kpis({"received": 0})}


def kpis_by_person(conn, since=None, until=None, now=None):
    """One KPI dict per person handling cases (``id``, ``code``, ``name``, ``role``, then :data:`FIELDS`).

    A person's cases are those they handle now, or handled last when the case is done: a case
    escalated away counts for whoever took it over.
    """
    return _people_rows(conn, since, until, now)


def kpis_for_person(conn, person, since=None, until=None, now=None):
    """The KPI dict of ``person`` (a code or id); a zero row when they handle no case of the window."""
    found = roster.find_person(conn, person)
    rows = _people_rows(conn, since, until, now, key_value=found["id"])
    head = {k: found[k] for k in ("id", "code", "name", "role")}
    return rows[0] if rows else {**head, **_kpis({"received": 0})}


def level_of_code(code):
    """The level of a standard cell code by its length (6, 9, 12, 15 digits; longer: a micro-grid); of 6
    digits, a city's ends in 00."""
    lengths = {6: "city" if is_city_code(code) else "district", 9: "street", 12: "community", 15: "grid"}
    level = lengths.get(len(code), "microgrid" if len(code) > 15 else None)
    if level is None:
        raise HierarchyError(f"{code!r} is not a cell code (6, 9, 12, 15 or more digits)", code=code)
    return level


def _cell_rows(conn, level, window, within=None, key_value=None, from_incidents=False):
    if level not in LEVELS:
        raise HierarchyError(f"unknown level {level!r}; levels: {', '.join(LEVELS)}", level=level)
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    key = _placement_key(level)
    rolled_up = (level != "microgrid" and not from_incidents       # the roll-up holds cells down to the grid
                 and rollup.has_whole_months(window))
    query = sql.SQL(load("grids.cases", "kpi_cells")).format(stats=_stats(key, window, level if rolled_up else None))
    params = {**window, "district": _district_read(level, within or key_value),
              "grid": _grid_read(level, within or key_value), "level": level,
              "generation": generation, "key_value": key_value,
              "within": subtree_prefix(within) if within else within,
              "within_end": subtree_end(subtree_prefix(within)) if within else None,
              "home_district": _home_district(conn, generation) if level == "district" else None,
              "home_city": _home_city(conn, generation) if level == "city" else None}
    return [{"code": row["code"], "name": row["name"], **_kpis(row)} for row in _fetch(conn, query, params)]


def _district_read(level, root):
    """The one district whose roll-up rows a question of ``level`` under ``root`` (a cell code or None)
    needs, or None: the cells of a street, community or grid lie in the district of their code (a
    district's own KPIs also count the store's unplaced incidents, which have no district)."""
    return district_of(root) if root and level in ("street", "community", "grid") else None


def _grid_read(level, root):
    """The one grid whose incidents a question of micro-grids under ``root`` reads, or None: the
    micro-grids of a grid (a drill-down) are found through the grid's index (index incident_grid_code),
    not by a prefix of every incident's code of the window (four years of a 10M city: 13 s)."""
    return grid_of(root) if root and level == "microgrid" else None


def _placement_key(level):
    """The column KPIs of ``level`` group by. At district level an unplaced incident (no district code) counts
    in the store's district when it has only one: it was received there, and the command centre handles
    it — without this the district counted 46,991 of the demo's 49,950 and lost 1,566 of its closings."""
    if level == "city":     # incidents carry no city code: a district's city shares its first four digits
        return sql.SQL("coalesce(left(district_code, 4) || '00', %(home_city)s)")
    column = sql.Identifier(f"{level}_code")
    return sql.SQL("coalesce({}, %(home_district)s)").format(column) if level == "district" else column


def _home_district(conn, generation):
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "kpi_home_district"), {"generation": generation})
        return cur.fetchone()[0]


def _home_city(conn, generation):
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "kpi_home_city"), {"generation": generation})
        return cur.fetchone()[0]


def _people_rows(conn, since, until, now, key_value=None):
    window = _window(since, until, now)
    query = sql.SQL(load("grids.cases", "kpi_people")).format(stats=_stats(sql.Identifier("handler_person_id"),
                                                                            window))
    params = {**window, "within": None,
              "key_value": None if key_value is None else str(key_value)}
    return [{**{k: row[k] for k in ("id", "code", "name", "role")}, **_kpis(row)}
            for row in _fetch(conn, query, params)]


def _stats(key, window, rolled_up_level=None):
    """kpi_stats.sql grouped by ``key`` (composed SQL: a column, or :func:`_placement_key`'s expression),
    with the category and channel predicates only when the window has them: without them the query reads
    only columns of the covering index (an index-only scan). ``rolled_up_level``: the same counts of that
    level from the incident roll-up (kpi_rollup_stats.sql; cells to the grid, whose codes it holds)."""
    filters = sql.SQL("\n").join(sql.SQL(load("grids.cases", f"kpi_filter_{name}"))
                                 for name in ("category", "channel") if window[name])
    if rolled_up_level:
        grain = rollup.grain(rolled_up_level, filtered=bool(window["category"] or window["channel"]))
        return sql.SQL(load("grids.cases", "kpi_rollup_stats")).format(
            key=key, filters=filters, facts=rollup.facts(grain, by_category=bool(window["category"])))
    return sql.SQL(load("grids.cases", "kpi_stats")).format(key=key, filters=filters)


def _window(since, until, now, category=None, channel=None):
    """Query parameters of a window and its filters; an open end is ±infinity so the range stays sargable."""
    return {**rollup.window(since, until), "now": clock.resolve(now), "category": category, "channel": channel,
            "grid": None}


def _fetch(conn, query, params):
    with conn.cursor() as cur:
        cur.execute(query, params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def _kpis(row):
    """The KPI fields from the counts of kpi_stats.sql (absent counts are 0)."""
    n = {name: int(row.get(name) or 0) for name in COUNTS}
    n["due"] = n["finished"] + n["backlog_overdue"]   # open cases past their limit count against on-time
    hours = row.get("avg_handling_hours")
    return {
        "received": n["received"], "accepted": n["accepted"],
        **{rate: ratio(n[num], n[den]) for rate, (num, den) in RATES.items()},
        "backlog_open": n["backlog_open"], "backlog_overdue": n["backlog_overdue"],
        "avg_handling_hours": None if hours is None else float(hours), "closed": n["closed"],
        **{f"closed_share_{level}": ratio(n[f"closed_{level}"], n["closed"]) for level in CLOSING_LEVELS},
    }


def ratio(numerator, denominator):
    """``numerator / denominator``, None when the denominator is 0."""
    return numerator / denominator if denominator else None
