"""The map's counts per cell from the incident roll-up (:mod:`grids.incidents.rollup`).

Concept: the density of every level down to the grid counts an incident for the cell whose code
begins its finest placed code; the first 15 digits of that code (the roll-up's ``place_code``) decide
it for those levels, so they are counted from the roll-up: the window's whole months are summed rows,
only its partial months are read incident by incident. Micro-grids (finer than the roll-up), the
overdue states (they depend on now), disputes, a bounding box and a window without a whole month are
counted from the incidents as before (:func:`serves` says which); the answers are the same either way
(tests/grids/incidents/test_rollup.py).
"""
from psycopg2 import sql

from gis.sqlfiles import load
from grids.cases.loop import OPEN
from grids.incidents import rollup
from grids.mapview import cache, cell_layers

PLACE_DIGITS = 15
NOW_DEPENDENT_STATUSES = ("overdue", "overdue_or_supervised")   # past a deadline at now: not in the roll-up


def serves(level, filters):
    """Whether the roll-up answers the counts of ``level`` under ``filters`` (a :class:`Filters` of
    :mod:`grids.mapview.queries`)."""
    roots = [*(filters.scope or ()), *([filters.cell] if filters.cell else [])]
    return (level != "microgrid" and filters.dispute is None and filters.bbox is None
            and filters.status not in NOW_DEPENDENT_STATUSES
            and all(len(root) <= PLACE_DIGITS for root in roots)
            and rollup.has_whole_months(rollup.window(filters.since, filters.until)))


def place_counts(conn, filters, question):
    """``{place code: received}`` of the incidents of the window and filters, everywhere (scope and
    cell are the caller's), remembered under ``question`` per data version."""
    def compute(conn):
        params = {**filters.params(), **rollup.window(filters.since, filters.until), "states": _states(filters.status)}
        query = sql.SQL(load("grids.mapview", "map_rollup_counts")).format(
            facts=rollup.facts(by_category=filters.category is not None,
                               filtered=any(f is not None for f in (filters.category, filters.channel, filters.status))))
        with conn.cursor() as cur:
            cur.execute(query, params)
            return dict(cur.fetchall())

    return cache.remembered(conn, cell_layers.current(conn), "place_counts", question, compute, filters.now)


def _states(status):
    """The states a status filter means (None: any): ``open`` is every open state, else the one named."""
    return None if status is None else list(OPEN) if status == "open" else [status]
