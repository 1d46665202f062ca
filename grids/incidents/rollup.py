"""The incident roll-up: incidents per month × cell (to the grid) × category × channel × status.

Concept: the command page's density and KPIs count the incidents of a window. Over whole calendar
months (Asia/Shanghai) those counts are kept in ``incident_rollup`` (migrations 030, 031): one total
row per month and cell of each level down to the grid, and a few per category, channel and status,
kept by triggers on ``incident`` whatever writes it. The window's partial months at either end are read
from the incidents themselves. :func:`window` splits a window that way, and ``rollup_facts.sql`` is
the union the queries read: the roll-up's rows of the whole months and one row per incident of the
ends, with the same columns (the counts of ``incident_rollup_row``). A query sums them, so an answer is
exact whatever the window. Design and figures: ``docs/rollups.md``.

Example::

    window("2025-01-10T00:00:00+08:00", "2025-04-01T00:00:00+08:00")
    # rollup months 2025-02-01 … 2025-03-01 (until 2025-04-01), raw rows 01-10 … 02-01, none after
"""
import datetime as dt

from psycopg2 import sql

from gis.sqlfiles import load
from grids import clock
from grids.clock import SHANGHAI


def window(since, until, district=None):
    """Query parameters of ``[since, until)`` (datetimes, ISO strings, None or ±infinity: open) for
    ``rollup_facts.sql``: the whole months ``[rollup_from, rollup_to)`` read from the roll-up and the
    incidents of ``[since, head_until)`` and ``[tail_since, until)`` read one by one (a window inside
    one month is all head); ``district``: only the rows of that district (None: every one)."""
    since, until = _moment(since), _moment(until)
    first = None if since is None else _month_at_or_after(since)          # None: from the beginning
    last = None if until is None else _month_start(until.astimezone(SHANGHAI))   # None: to the end
    head_until = None if since is None else min(_start(first), until or _start(first))
    tail_since = None if until is None else max(_start(last), _start(first) or _start(last))
    return {"since": since or "-infinity", "until": until or "infinity",
            "rollup_from": first or "-infinity", "rollup_to": last or "infinity",
            "head_until": head_until or "-infinity", "tail_since": tail_since or "infinity", "district": district}


GRAINS = {"city": "district", "district": "district", "street": "street", "community": "community",
          "grid": "grid"}          # the totals a level's questions read (a city sums its districts')


def facts(grain="grid", by_category=False):
    """``rollup_facts.sql`` as composed SQL (a subquery's text; its parameters from :func:`window`).
    ``grain``: the roll-up rows read — ``"detail"`` (one category, channel and status: the caller filters
    by some of them) or the totals of a level (:data:`GRAINS`), whose rows carry the codes down to that
    level only; ``by_category``: the rows of the ends carry the category (else none, and they are read
    from the covering index alone)."""
    if grain != "detail" and grain not in GRAINS.values():
        raise ValueError(f"no roll-up grain {grain!r}")
    category = sql.SQL("i.category_code" if by_category else "NULL::text")
    return sql.SQL(load("grids.incidents", "rollup_facts")).format(category_code=category, grain=sql.Literal(grain))


def grain(level, filtered):
    """The roll-up rows that answer a question of ``level`` (city … grid): the level's totals, or the
    detail when the question is ``filtered`` by category, channel or status."""
    return "detail" if filtered else GRAINS[level]


def has_whole_months(params):
    """Whether a window (:func:`window`'s ``params``) holds a whole month: if not, the roll-up has nothing
    to add and the incidents alone answer as fast."""
    start, end = params["rollup_from"], params["rollup_to"]
    return isinstance(start, str) or isinstance(end, str) or start < end


def compact(conn):
    """Fold the roll-up's deltas into one row per key (``incident_rollup_compact``); the rows removed."""
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "rollup_compact"))
        return cur.fetchone()[0]


def _moment(value):
    if value is None or value in ("-infinity", "infinity"):
        return None
    return clock.resolve(value)


def _month_start(local):
    return local.date().replace(day=1)


def _month_at_or_after(since):
    local = since.astimezone(SHANGHAI)
    start = _month_start(local)
    if local == dt.datetime.combine(start, dt.time(), SHANGHAI):
        return start
    return (start + dt.timedelta(days=32)).replace(day=1)


def _start(month):
    return None if month is None else dt.datetime.combine(month, dt.time(), SHANGHAI)
