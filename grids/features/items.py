"""The items of a collection: a page of GeoJSON features, one feature, a generation, an extent.

A :class:`Query` says which and how (scope, bbox in CRS84 numbers, property filters, report window, the
page, whether to write ``[lat, lon]``); :func:`cell_page` and :func:`incident_page` answer
``(number matched, features)``. Cells come as GeoJSON text built by PostgreSQL (``sql/features_cells.sql``);
incidents as rows, because their free text, when the caller may read it at all, goes through
:func:`grids.privacy.mask_phones_in` first.

Example (on the demo store; a usage sketch, not a doctest — it needs a database)::

    page = cell_page(conn, "grid", generation, Query(scope=("370212001",), limit=2))
    page.matched, [f["id"] for f in json.loads(page.features)]
    # (80, ['370212001001001', '370212001001002'])
"""
import dataclasses
import json
from typing import NamedTuple

from gis.sqlfiles import load
from grids import clock
from grids.privacy import mask_phones_in


@dataclasses.dataclass(frozen=True)
class Query:
    """Which features: ``scope`` (cell-code prefixes; None: everywhere; empty: nothing), ``bbox`` (minlon,
    minlat, maxlon, maxlat), ``filters`` (property → value), ``since``/``until`` (report time, until
    excluded), ``feature`` (one id), the page ``limit``/``offset``, and ``flip`` (write [lat, lon])."""

    scope: tuple = None
    bbox: tuple = None
    filters: dict = dataclasses.field(default_factory=dict)
    since: object = None
    until: object = None
    feature: object = None
    limit: int = 100
    offset: int = 0
    flip: bool = False

    def params(self, names):
        return {"scope": None if self.scope is None else list(self.scope),
                "bbox": list(self.bbox) if self.bbox else None, "flip": self.flip,
                "limit": self.limit, "offset": self.offset, **{n: self.filters.get(n) for n in names}}


class Page(NamedTuple):
    matched: int
    features: object          # cells: the JSON text of the feature array; incidents: a list of dicts


def generation(conn, wanted=None):
    """The published generation ``wanted``, or the current one when ``wanted`` is None; None if there is
    no such published generation."""
    with conn.cursor() as cur:
        cur.execute(load("grids.features", "features_generation"), {"generation": wanted})
        row = cur.fetchone()
    return row[0] if row else None


def cell_page(conn, level, generation_id, query):
    """The cells of ``level`` valid in ``generation_id`` that ``query`` picks, ordered by code."""
    params = query.params(("kind", "parent_code"))
    params.update(level=level, generation=generation_id, code=query.feature or query.filters.get("code"))
    with conn.cursor() as cur:
        cur.execute(load("grids.features", "features_cells"), params)
        matched, features = cur.fetchone()
    return Page(matched, features)


def incident_page(conn, query, with_text=False):
    """The placed incidents ``query`` picks, ordered by id; ``title``/``description`` (phones and ID
    numbers masked) only ``with_text``. Never the reporter's name or phone, nor the address."""
    params = query.params(("category_code", "channel", "status", "street_code", "community_code", "grid_code"))
    params.update(id=query.feature, with_text=with_text,
                  since=query.since or "-infinity", until=query.until or "infinity")
    with conn.cursor() as cur:
        cur.execute(load("grids.features", "features_incidents"), params)
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    matched = rows[0]["matched"] if rows else 0
    return Page(matched, [_incident(row, with_text) for row in rows if row["id"] is not None])


def _incident(row, with_text):
    props = {k: row[k] for k in ("id", "channel", "source_ref", "category_code", "category_name", "status",
                                 "district_code", "street_code", "community_code", "grid_code",
                                 "microgrid_code", "placement_level")}
    for name in ("reported_at", "deadline", "closed_at"):
        props[name] = row[name].astimezone(clock.SHANGHAI).isoformat() if row[name] else None
    if with_text:
        props.update(title=mask_phones_in(row["title"]), description=mask_phones_in(row["description"]))
    geometry = json.loads(row["geometry"]) if row["geometry"] else None
    return {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": props}


def extent(conn, generation_id, scope):
    """``[minlon, minlat, maxlon, maxlat]`` of the scope's roots (None: the districts), or None if empty."""
    with conn.cursor() as cur:
        cur.execute(load("grids.features", "features_extent"),
                    {"generation": generation_id, "scope": None if scope is None else list(scope)})
        row = cur.fetchone()
    return [round(v, 6) for v in row] if row and row[0] is not None else None
