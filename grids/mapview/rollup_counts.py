"""The map's counts per cell from the incident roll-up (:mod:`grids.incidents.rollup`).

Concept: the density of every level down to the grid counts an incident for the cell whose code
begins its finest placed code; the first 15 digits of that code (the roll-up's ``place_code``) decide
it for those levels, so they are counted from the roll-up: the window's whole months are summed rows,
only its partial months are read incident by incident. A level above the grid reads its own totals
(its cells' codes: codes nest, so they are the prefixes of the place codes), the filtered questions
the rows of one category, channel and status. Micro-grids (finer than the roll-up), the
overdue states (they depend on now), disputes and a bounding box are counted from the incidents as
before (:func:`serves` says which); the answers are the same either way
(tests/grids/incidents/test_rollup.py). A window without a whole month is served too: its incidents,
counted per cell of the level asked (the roll-up's key) rather than per finest code, are a few hundred
groups instead of a hundred thousand (30 days of the 10M city: 0.2 s against 0.5 s and the summing).
"""
from psycopg2 import sql

from gis.sqlfiles import load
from grids.cases.loop import OPEN
from grids.cells.codes import LEVEL_DIGITS
from grids.incidents import rollup
from grids.mapview import cache, cell_layers

NOW_DEPENDENT_STATUSES = ("overdue", "overdue_or_supervised")   # past a deadline at now: not in the roll-up
CODE_COLUMNS = {"detail": "place_code", "grid": "place_code", "community": "community_code",
                "street": "street_code", "district": "district_code"}
PLACE_DIGITS = LEVEL_DIGITS["grid"]


def serves(level, filters):
    """Whether the roll-up answers the counts of ``level`` under ``filters`` (a :class:`Filters` of
    :mod:`grids.mapview.queries`)."""
    return (level != "microgrid" and filters.dispute is None and filters.bbox is None
            and filters.status not in NOW_DEPENDENT_STATUSES
            and all(len(root) <= PLACE_DIGITS for root in _roots(filters)))


def grain(level, filters):
    """The roll-up rows that count ``level`` under ``filters``, or None when :func:`serves` says no: the
    level's own totals when no filter asks for the detail and no scope or cell root is finer than the
    level (a district's total cannot say how much of it lies in one street), else the grid's."""
    if not serves(level, filters):
        return None
    chosen = rollup.grain(level, filtered=any(f is not None for f in (filters.category, filters.channel,
                                                                      filters.status)))
    if chosen == "detail" or all(len(root) <= LEVEL_DIGITS[chosen] for root in _roots(filters)):
        return chosen
    return "grid"


def place_counts(conn, filters, rows, question):
    """``{code: received}`` of the incidents of the window and filters, everywhere (scope and cell are
    the caller's), from the roll-up's ``rows`` (:func:`grain`): codes of that level for a level's totals,
    else the place codes (the finest code cut to the grid's 15 digits); remembered under ``question`` per
    data version."""
    def compute(conn):
        params = {**filters.params(), **rollup.window(filters.since, filters.until), "states": _states(filters.status)}
        query = sql.SQL(load("grids.mapview", "map_rollup_counts")).format(
            facts=rollup.facts(rows, by_category=filters.category is not None),
            code=sql.Identifier(CODE_COLUMNS[rows]))
        with conn.cursor() as cur:
            cur.execute(query, params)
            return dict(cur.fetchall())

    return cache.remembered(conn, cell_layers.current(conn), "place_counts", (rows, question), compute,
                            filters.now)


def _roots(filters):
    return [*(filters.scope or ()), *([filters.cell] if filters.cell else [])]


def _states(status):
    """The states a status filter means (None: any): ``open`` is every open state, else the one named."""
    return None if status is None else list(OPEN) if status == "open" else [status]
