"""What the web map asks of the store: cells with statistics, incidents, heat points, hot cells, loads.

Concept: every question is asked **within a scope** (the roots of an account's subtree, see
:mod:`grids.people.accounts`) and with one :class:`Filters` (report window, cell, category, channel, status,
bbox), the same SQL fragment ``map_filters.sql`` for every query, so the choropleth, the markers, the
heat and the hot list always count the same incidents. Incidents never carry the reporter's name or
phone, and phone numbers written into a title or description are masked. Member names are masked
(:func:`grids.privacy.mask_name`) unless the caller says they are needed.

Speed: incidents are counted once per window and filter by their finest placed code and rolled up to
any level in Python (codes nest); the heavy answers — counts, KPIs, every member's load, whole
GeoJSON answers — are remembered per data version (:mod:`grids.mapview.cache`), and cell geometry comes
serialized from :mod:`grids.mapview.cell_layers`. Figures: ``docs/benchmarks.md``.
"""
import dataclasses
import datetime as dt
import json

from psycopg2 import sql

from gis.sqlfiles import load
from grids import clock
from grids.cases import kpi, time_limits, workload as member_load
from grids.cells.codes import grid_of, subtree_prefix
from grids.mapview import cache, cell_layers, rollup_counts
from grids.people import accounts
from grids.privacy import mask_name, mask_phones_in

CODE_LENGTHS = {"city": (6,), "district": (6,), "street": (9,), "community": (12,), "grid": (15,), "microgrid": (18, 20)}
KPI_FIELDS = ("response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate", "repeat_rate",
              "backlog_open", "backlog_overdue")
HEAT_LIMIT = 200_000
NARROWED_KPI_LEVELS = ("street", "community", "grid", "microgrid")   # level_kpis computed per drill-down


@dataclasses.dataclass(frozen=True)
class Filters:
    """Which incidents: ``since``/``until`` (datetimes, None: open), ``scope`` (roots; None: everywhere),
    and optionally ``cell``, ``category``, ``channel``, ``status`` (a state, ``open``, ``overdue`` or
    ``overdue_or_supervised``), ``bbox``, ``dispute`` (only the cases with a dispute record: ``any`` or a
    dispute type's code) and ``risk`` (only disputes of that risk level)."""

    scope: tuple
    now: dt.datetime
    since: dt.datetime = None
    until: dt.datetime = None
    cell: str = None
    category: str = None
    channel: str = None
    status: str = None
    bbox: tuple = None
    dispute: str = None
    risk: str = None

    def params(self):
        return {"scope": None if self.scope is None else list(self.scope), "now": self.now, "cell": self.cell,
                "category": self.category, "channel": self.channel, "status": self.status,
                "dispute": self.dispute, "risk": self.risk, "bbox": list(self.bbox) if self.bbox else None,
                "since": self.since or "-infinity", "until": self.until or "infinity",
                "cell_grid": grid_of(self.cell) if self.cell else None}


def incidents(conn, filters, limit):
    """GeoJSON points of the filtered incidents (newest first), ``truncated`` when ``limit`` cut them."""
    rows = _fetch(conn, "map_incidents", {**filters.params(), "limit": limit + 1})
    features = [_incident_feature(row, filters.now) for row in rows[:limit]]
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) > limit}


def heat(conn, filters, limit=HEAT_LIMIT):
    """The JSON text of ``{"points": [[lat, lon], …], "truncated": bool}``: the filtered incidents that
    have a location, at most ``limit`` (``truncated`` when it cut them)."""
    def compute(conn):
        with conn.cursor() as cur:
            cur.execute(_query("map_heat"), {**filters.params(), "limit": limit})
            points, truncated = cur.fetchone()
            return f'{{"points":{points},"truncated":{"true" if truncated else "false"},"limit":{limit}}}'

    return _remembered(conn, "heat", (limit, _question(filters)), compute, filters.now)


def counts(conn, level, filters):
    """``{code: received}`` of the filtered incidents per cell of ``level``: an incident counts for the cell
    whose code begins its finest placed code (codes nest)."""
    def compute(conn):
        found = {}
        for code, received in finest_counts(conn, filters, rollup_counts.grain(level, filters)).items():
            for length in CODE_LENGTHS[level]:
                if len(code) >= length:
                    key = code[:4] + "00" if level == "city" else code[:length]   # a city code prefixes none
                    found[key] = found.get(key, 0) + received
        return found

    return _remembered(conn, "counts", (level, _question(filters)), compute, filters.now)


def finest_counts(conn, filters, rollup_rows=None):
    """``{finest placed code: received}`` of the filtered incidents, in the scope and ``filters.cell``
    (remembered, see :mod:`grids.mapview.cache`; the query ignores the scope, and the cell unless it
    names a grid or finer, so every account and level shares one answer per window and filter, and a
    grid's drill-down reads its grid alone). ``rollup_rows``: counted from the incident roll-up's
    rows of that grain (:func:`grids.mapview.rollup_counts.grain`): the codes cut to the grid's 15
    digits, or a level's own codes."""
    unscoped = dataclasses.replace(filters, scope=None, cell=filters.cell if _names_a_grid(filters.cell) else None)

    def compute(conn):
        rows = _fetch(conn, "map_counts", unscoped.params())
        return {row["code"]: row["received"] for row in rows}

    if rollup_rows:
        counted = rollup_counts.place_counts(conn, unscoped, rollup_rows, _question(unscoped))
    else:
        counted = _remembered(conn, "finest_counts", _question(unscoped), compute, filters.now)
    cell = filters.cell or ""
    return {code: n for code, n in counted.items()
            if code is not None and code.startswith(cell)
            and (filters.scope is None or accounts.in_scope(code, filters.scope))}


def kpis_for_cell(conn, code, filters):
    """The KPIs of the cell ``code`` for the window, category and channel of ``filters`` (status does not
    apply to KPIs: ``docs/kpis.md``): its row of its level's table (:func:`level_kpis`), or a zero row."""
    level = kpi.level_of_code(code)
    return level_kpis(conn, level, filters, within=code).get(code) or kpi.zero_row(code)


def level_kpis(conn, level, filters, within=None):
    """``{code: KPI dict}`` of the cells of ``level`` for the window, category and channel of ``filters``
    (:func:`grids.cases.kpi.kpis_by_level`), remembered. Above the street one table per level serves every
    account, cell and drill-down. From the street down ``within`` narrows it — a district's 2,000 grids
    read one district's roll-up rows, not the city's 40,000 grids' (docs/benchmarks.md "A whole city") —
    unless the level's whole table is already held (a warmed server), which then answers."""
    def key(within):
        return (level, within, filters.since, filters.until, filters.category, filters.channel)

    def compute(conn):
        rows = kpi.kpis_by_level(conn, level, filters.since, filters.until, filters.now, within=within,
                                 category=filters.category, channel=filters.channel)
        return {row["code"]: row for row in rows}

    if level not in NARROWED_KPI_LEVELS or not within:
        within = None
    elif (whole := cache.fresh(conn, cell_layers.current(conn), "kpis_by_level", key(None), filters.now)) is not None:
        prefix = subtree_prefix(within)
        return {code: row for code, row in whole.items() if code.startswith(prefix)}
    return _remembered(conn, "kpis_by_level", key(within), compute, filters.now)


def cells(conn, level, filters, within=None, member_names=False):
    """GeoJSON text of the cells of ``level`` inside the scope (and ``within``, ``filters.bbox``) with
    ``received``, ``per_km2``, ``per_1000_households``, the KPIs of the window and, for grids, ``member``."""
    def compute(conn):
        level_cells = cell_layers.level_cells(conn, level)
        chosen = level_cells.select(filters.scope, within=within, bbox=filters.bbox)
        if not len(chosen):
            return cell_layers.feature_collection([])
        counted = dataclasses.replace(filters, cell=within) if _names_a_grid(within) else filters
        stats = {"received": counts(conn, level, counted), "kpis": level_kpis(conn, level, filters, within),
                 "members": _members_by_grid(conn, filters.now, member_names) if level == "grid" else None}
        return cell_layers.feature_collection([_cell_feature(level_cells, i, stats) for i in chosen])

    return _remembered(conn, "cells", (level, within, member_names, _question(filters)), compute, filters.now)


def charts(conn, filters):
    """The wall's charts over the filtered incidents of the window: ``daily`` (every day of the window,
    ``{day, received}``, days without incidents as 0), ``channels`` and ``categories`` (大类, a 小类
    counted for its parent), each ``{…, received}``, most first. Scope and cell are applied in the query;
    the window (``since``, ``until``) must be set."""
    def compute(conn):
        with conn.cursor() as cur:
            cur.execute(_query("map_charts"), filters.params())
            daily, channels, categories = cur.fetchone()
        return {"daily": _every_day(daily, filters), "channels": channels, "categories": categories}

    return _remembered(conn, "charts", _question(filters), compute, filters.now)


def _every_day(rows, filters):
    """``rows`` of ``{day, received}`` with the window's missing days added as 0, in order (the window
    ``filters.since``–``filters.until``, both set)."""
    found = {row["day"]: row["received"] for row in rows}
    first = filters.since.astimezone(clock.SHANGHAI).date()
    last = (filters.until.astimezone(clock.SHANGHAI) - dt.timedelta(microseconds=1)).date()
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [{"day": day.isoformat(), "received": found.get(day.isoformat(), 0)} for day in days]


def hot_cells(conn, level, filters, within=None, limit=10):
    """The cells with most filtered incidents in the window, with the previous window of the same length."""
    def compute(conn):
        span = filters.until - filters.since
        before = dataclasses.replace(filters, since=filters.since - span, until=filters.since)
        now, previous = counts(conn, level, filters), counts(conn, level, before)
        level_cells = cell_layers.level_cells(conn, level)
        names = {level_cells.codes[i]: level_cells.rows[i]["name"]
                 for i in level_cells.select(filters.scope, within=within)}
        codes = sorted((c for c in now if c in names), key=lambda c: (-now[c], c))
        return [{"code": c, "name": names[c], "received": now[c], "previous": previous.get(c, 0),
                 "change": now[c] - previous.get(c, 0),
                 "change_rate": kpi.ratio(now[c] - previous.get(c, 0), previous.get(c, 0))} for c in codes[:limit]]

    return _remembered(conn, "hot_cells", (level, within, limit, _question(filters)), compute, filters.now)


def loads(conn, scope, now, within=None, member_names=False):
    """The JSON text of the grid members whose grids lie in the scope (and ``within``), most loaded
    first: ``[{person_id, name, grids, households, open_cases, overdue, avg_cases_per_month,
    load_index}]``; no phone numbers."""
    def compute(conn):
        chosen = [_member_summary(member, member_names) for member in member_loads(conn, now)
                  if any(accounts.in_scope(g, scope) and (within is None or g.startswith(within))
                         for g in member["grids"])]
        chosen.sort(key=lambda m: (-m["load_index"], m["person_id"]))
        return json.dumps(chosen, ensure_ascii=False)

    return _remembered(conn, "loads", (tuple(scope), within, member_names), compute, now)


def member_loads(conn, now):
    """Every member's load (:func:`grids.cases.workload.member_loads`: twelve months of intake per grid, ~1 s on a
    million incidents), remembered."""
    return _remembered(conn, "member_loads", (), lambda conn: member_load.member_loads(conn, now=now), now)


def categories(conn):
    """The category tree ``[{code, name, name_en, parent_code}]``."""
    return _fetch(conn, "map_categories", {})


def _members_by_grid(conn, now, member_names):
    by_grid = {}
    for member in member_loads(conn, now):
        for grid in member["grids"]:
            summary = _member_summary(member, member_names)
            by_grid[grid] = {k: summary[k] for k in ("person_id", "name", "load_index", "open_cases", "overdue")}
    return by_grid


def _names_a_grid(code):
    """Whether ``code`` is a grid's or a micro-grid's: its incidents are found by the grid's index."""
    return code is not None and grid_of(code) is not None


def _remembered(conn, name, key, compute, now):
    """:func:`grids.mapview.cache.remembered` in the current generation (``now``: its minute is part of the version)."""
    return cache.remembered(conn, cell_layers.current(conn), name, key, compute, now)


def _question(filters):
    """The filters but "now" as a hashable key (the minute of now is part of the data version)."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.params().items() if k != "now")


def _cell_feature(level_cells, index, stats):
    props = dict(level_cells.rows[index])
    code = props["code"]
    props.update(_density(stats["received"].get(code, 0), props))
    props.update({k: stats["kpis"].get(code, {}).get(k) for k in KPI_FIELDS})
    if stats["members"] is not None:
        props["member"] = stats["members"].get(code)
    return cell_layers.feature(code, level_cells.geometries[index], json.dumps(props, ensure_ascii=False))


def _member_summary(member, member_names):
    return {"person_id": member["id"], "name": member["name"] if member_names else mask_name(member["name"]),
            "grids": member["grids"], "households": member["households"], "open_cases": member["open_cases"],
            "overdue": member["overdue"], "avg_cases_per_month": round(member["avg_cases_per_month"], 2),
            "load_index": member["load_index"]}


def _density(received, props):
    area, households = props["area_km2"], props["households"]
    return {"received": received, "per_km2": round(received / area, 2) if area else None,
            "per_1000_households": round(1000 * received / households, 2) if households else None}


def _incident_feature(row, now):
    timer = time_limits.timer(row, now) if row["time_limit_hours"] else None
    props = {k: row[k] for k in ("id", "channel", "source_ref", "category_code", "category_name",
                                 "category_name_en", "status", "grid_code",
                                 "supervised", "urge_count")}
    props.update(title=mask_phones_in(row["title"]), description=mask_phones_in(row["description"]),
                 reported_at=row["reported_at"].astimezone(clock.SHANGHAI).isoformat(),
                 timer=timer["colour"] if timer else None,
                 deadline=row["deadline"].astimezone(clock.SHANGHAI).isoformat() if row["deadline"] else None)
    return {"type": "Feature", "id": row["id"], "properties": props,
            "geometry": {"type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]}}


def _fetch(conn, name, params):
    with conn.cursor() as cur:
        cur.execute(_query(name), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def _query(name):
    return sql.SQL(load("grids.mapview", name)).format(filters=sql.SQL(load("grids.mapview", "map_filters")))
