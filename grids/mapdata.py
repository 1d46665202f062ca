"""What the web map asks of the store: cells with statistics, incidents, heat points, hot cells, loads.

Concept: every question is asked **within a scope** (the roots of an account's subtree, see
:mod:`grids.accounts`) and with one :class:`Filters` (report window, cell, category, channel, status,
bbox), the same SQL fragment ``map_filters.sql`` for every query, so the choropleth, the markers, the
heat and the hot list always count the same incidents. Incidents never carry the reporter's name or
phone, and phone numbers written into a title or description are masked. Member names are masked (:func:`grids.privacy.mask_name`) unless the caller says they are needed.
"""
import dataclasses
import datetime as dt

from psycopg2 import sql

from gis.sqlfiles import load
from grids import accounts, clock, kpi, load as member_load, mapcells, timelimits
from grids.privacy import mask_name, mask_phones_in

CODE_LENGTHS = {"district": (6,), "street": (9,), "community": (12,), "grid": (15,), "microgrid": (18, 20)}
KPI_FIELDS = ("response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate", "repeat_rate",
              "backlog_open", "backlog_overdue")
HEAT_LIMIT = 200_000


@dataclasses.dataclass(frozen=True)
class Filters:
    """Which incidents: ``since``/``until`` (datetimes, None: open), ``scope`` (roots), and optionally
    ``cell``, ``category``, ``channel``, ``status`` (a state, ``open`` or ``overdue``), ``bbox``."""

    scope: tuple
    now: dt.datetime
    since: dt.datetime = None
    until: dt.datetime = None
    cell: str = None
    category: str = None
    channel: str = None
    status: str = None
    bbox: tuple = None

    def params(self):
        return {"scope": list(self.scope), "now": self.now, "cell": self.cell, "category": self.category,
                "channel": self.channel, "status": self.status, "bbox": list(self.bbox) if self.bbox else None,
                "since": self.since or "-infinity", "until": self.until or "infinity"}


def incidents(conn, filters, limit):
    """GeoJSON points of the filtered incidents (newest first), ``truncated`` when ``limit`` cut them."""
    rows = _fetch(conn, "map_incidents", {**filters.params(), "limit": limit + 1})
    features = [_incident_feature(row, filters.now) for row in rows[:limit]]
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) > limit}


def heat(conn, filters, limit=HEAT_LIMIT):
    """``[[lat, lon, 1], …]`` of the filtered incidents that have a location."""
    return [[float(row["lat"]), float(row["lon"]), 1] for row in _fetch(conn, "map_heat", {**filters.params(),
                                                                                          "limit": limit})]


def counts(conn, level, filters):
    """``{code: received}`` of the filtered incidents per cell of ``level``."""
    found = {}
    for length in CODE_LENGTHS[level]:
        found.update({row["code"]: row["received"]
                      for row in _fetch(conn, "map_counts", {**filters.params(), "length": length})})
    return found


def cells(conn, level, filters, within=None, member_names=False):
    """GeoJSON of the cells of ``level`` inside the scope (and ``within``, ``filters.bbox``) with
    ``received``, ``per_km2``, ``per_1000_households``, the KPIs of the window and, for grids, ``member``."""
    def inside(code):
        return accounts.in_scope(code, filters.scope) and (within is None or code.startswith(within))

    features = mapcells.cell_features(conn, level, inside)
    if filters.bbox:
        features = [f for f in features if mapcells.intersects_bbox(f["geometry"], filters.bbox)]
    received = counts(conn, level, filters)
    kpis = {row["code"]: row for row in kpi.kpis_by_level(conn, level, filters.since, filters.until, filters.now,
                                                          within=within)}
    members = _members_by_grid(conn, filters.now, member_names) if level == "grid" else {}
    for feature in features:
        props = feature["properties"]
        props.update(_density(received.get(props["code"], 0), props))
        props.update({k: kpis.get(props["code"], {}).get(k) for k in KPI_FIELDS})
        if level == "grid":
            props["member"] = members.get(props["code"])
    return {"type": "FeatureCollection", "features": features}


def hot_cells(conn, level, filters, within=None, limit=10):
    """The cells with most filtered incidents in the window, with the previous window of the same length."""
    span = filters.until - filters.since
    before = dataclasses.replace(filters, since=filters.since - span, until=filters.since)
    now, previous = counts(conn, level, filters), counts(conn, level, before)
    names = {row["code"]: row["name"] for row, _ in mapcells.level_geometries(conn, level)}
    codes = [c for c in now if c in names and (within is None or c.startswith(within))]
    codes.sort(key=lambda c: (-now[c], c))
    return [{"code": c, "name": names[c], "received": now[c], "previous": previous.get(c, 0),
             "change": now[c] - previous.get(c, 0),
             "change_rate": kpi.ratio(now[c] - previous.get(c, 0), previous.get(c, 0))} for c in codes[:limit]]


def loads(conn, scope, now, within=None, member_names=False):
    """Grid members whose grids lie in the scope (and ``within``), most loaded first; no phone numbers."""
    chosen = []
    for member in member_load.member_loads(conn, now=now):
        grids = [g for g in member["grids"] if accounts.in_scope(g, scope) and (within is None or g.startswith(within))]
        if grids:
            chosen.append(_member_summary(member, member_names))
    return sorted(chosen, key=lambda m: (-m["load_index"], m["person_id"]))


def categories(conn):
    """The category tree ``[{code, name, name_en, parent_code}]``."""
    return _fetch(conn, "map_categories", {})


def _members_by_grid(conn, now, member_names):
    by_grid = {}
    for member in member_load.member_loads(conn, now=now):
        for grid in member["grids"]:
            summary = _member_summary(member, member_names)
            by_grid[grid] = {k: summary[k] for k in ("person_id", "name", "load_index", "open_cases", "overdue")}
    return by_grid


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
    timer = timelimits.timer(row, now) if row["time_limit_hours"] else None
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
    query = sql.SQL(load("grids", name)).format(filters=sql.SQL(load("grids", "map_filters")))
    with conn.cursor() as cur:
        cur.execute(query, params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
