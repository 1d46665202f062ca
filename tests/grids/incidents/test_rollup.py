"""The incident roll-up (migrations 030, 031) stays equal to the incidents whatever writes them.

A property test: Hypothesis draws sequences of the write paths — the intake (new tickets by binary COPY,
changed tickets through the staging update), case transitions (reopen among them), hand placement and
``incidents replace`` — on the 2×2 community of ``tests.cases``, and after each sequence the roll-up's
rows, summed per key as the readers sum them, equal the roll-up recounted from the incidents
(``incident_rollup_recount()``); after a compaction the rows themselves are one per key. Then the
readers: the map's counts and the KPIs of every level (each from its own totals, a drill-down from one
district's or one grid's rows) from the roll-up equal those read from the
incidents alone, for windows whose ends fall inside months.
"""
import dataclasses

import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings, strategies as st
from psycopg2 import sql

from etl.incidents.replace import replace_incidents
from grids.cases import kpi
from grids.cases.loop import act
from grids.cases.tick import tick
from grids.cells import generations
from grids.clock import SHANGHAI
from grids.errors import CaseError
from grids.incidents import rollup
from grids.incidents.placement import CellIndex
from grids.incidents.store import STAGE_COLUMNS, place_by_hand, upsert_incidents
from grids.mapview import queries, rollup_counts
from tests.cases import COMMUNITY, DISTRICT, GRID, GRID_SQUARE, STREET, T0, hours, load_world
from tests.shapes import ORIGIN, UNIT

KEY = ("month", "district_code", "street_code", "community_code", "grid_code", "place_code", "category_code",
       "channel", "status", "grain")
ACTIONS = ("accept", "reject", "dispatch", "start", "report", "verify", "rework", "rate", "reopen", "suspend",
           "resume", "extend", "escalate", "void", "answer", "urge", "supervise")
CATEGORIES = ("T101", "T102", "T2", None)
CHANNELS = ("hotline", "app", "patrol")
DAYS = 75                                      # tickets from 2025-03-03 over two and a half months

tickets = st.lists(st.tuples(st.integers(0, 5), st.integers(0, DAYS * 24 - 1), st.sampled_from(CATEGORIES),
                             st.sampled_from(CHANNELS)), min_size=1, max_size=6)
steps = st.one_of(
    st.tuples(st.just("intake"), tickets),
    st.tuples(st.just("act"), st.integers(0, 40), st.sampled_from(ACTIONS)),
    st.tuples(st.just("place"), st.integers(0, 40), st.sampled_from(sorted(GRID))),
    st.tuples(st.just("replace")),
    st.tuples(st.just("compact")),
)


@pytest.fixture
def world(conn):
    load_world(conn)
    generations.publish(conn)
    return CellIndex.load(conn, generations.resolve(conn, "current"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(steps, min_size=1, max_size=12))
def test_the_rollup_equals_the_recount_after_any_sequence_of_writes(conn, world, sequence):
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT example")
    try:
        clock = _Clock()
        for step in sequence:
            _run(conn, world, clock, step)
        assert _summed(conn) == _recount(conn)
        rollup.compact(conn)
        assert _rows(conn) == _recount(conn)                  # one row per key, none left empty
    finally:
        with conn.cursor() as cur:
            cur.execute("ROLLBACK TO SAVEPOINT example")


def test_the_readers_answer_from_the_rollup_what_the_incidents_answer(conn, world):
    clock = _Clock()
    spread = [(n, (n * 37) % (DAYS * 24), CATEGORIES[n % 4], CHANNELS[n % 3]) for n in range(60)]
    _run(conn, world, clock, ("intake", spread))
    assert replace_incidents(conn, since=None)["moved"] > 0
    place_by_hand(conn, _incident(conn, 1), GRID[3], world)
    for n in range(0, 60, 2):
        for action in ("accept", "dispatch", "start", "report", "verify", "rate")[: n % 7]:
            _act(conn, _incident(conn, n), action, clock)
    assert _summed(conn) == _recount(conn)
    windows = [(T0, T0 + hours(24 * 60)), (T0 - hours(72), T0 + hours(24 * 40 + 5)), (None, None),
               (T0 + hours(24 * 29 + 3), T0 + hours(24 * 31)), (T0 + hours(24 * 29), None)]
    for since, until in windows:
        for category, channel in ((None, None), ("T1", None), (None, "app")):
            for level in ("district", "street", "community", "grid"):
                assert _kpis(conn, level, since, until, category, channel) == _raw_kpis(conn, level, since, until,
                                                                                      category, channel)
            for level, within in (("street", DISTRICT), ("community", STREET), ("grid", COMMUNITY),
                                  ("microgrid", GRID[3])):
                whole = _raw_kpis(conn, level, since, until, category, channel)   # a drill-down reads one district
                assert _kpis(conn, level, since, until, category, channel, within) == [
                    row for row in whole if row["code"].startswith(within)]
        for status in (None, "open", "closed", "reported"):
            filters = queries.Filters(scope=None, now=clock.now, since=since, until=until, status=status)
            raw = queries.finest_counts(conn, filters)
            cut = {}
            for code, n in raw.items():
                cut[code[:15]] = cut.get(code[:15], 0) + n
            assert queries.finest_counts(conn, filters, rollup_rows="detail" if status else "grid") == cut
            in_grid = dataclasses.replace(filters, cell=GRID[3])          # a grid's drill-down: its index
            assert queries.finest_counts(conn, in_grid) == {c: n for c, n in raw.items() if c.startswith(GRID[3])}
            for level in ("city", "district", "street", "community", "grid"):   # each level from its own rows
                expected = "detail" if status else rollup.GRAINS[level]
                assert rollup_counts.grain(level, filters) == (expected if rollup_counts.serves(level, filters)
                                                               else None)
                assert queries.counts(conn, level, filters) == _by_level(raw, level), (level, since, status)


def _by_level(finest, level):
    """Counts per place code summed per cell of ``level`` (a city: its districts' first four digits)."""
    found = {}
    for code, n in finest.items():
        length = queries.CODE_LENGTHS[level][0]
        if len(code) >= length:
            key = code[:4] + "00" if level == "city" else code[:length]
            found[key] = found.get(key, 0) + n
    return found


@pytest.mark.parametrize("since, until, months, head, tail", [
    ("2025-01-10T00:00", "2025-04-01T00:00", ("2025-02-01", "2025-04-01"), ("01-10", "02-01"), ("04-01", "04-01")),
    ("2025-03-10T00:00", "2025-03-20T00:00", ("2025-04-01", "2025-03-01"), ("03-10", "03-20"), ("04-01", "03-20")),
    ("2025-03-01T00:00", "2025-03-20T12:00", ("2025-03-01", "2025-03-01"), ("03-01", "03-01"), ("03-01", "03-20")),
    ("2025-01-31T20:00:00+00:00", "2025-06-01T00:00", ("2025-03-01", "2025-06-01"), ("02-01", "03-01"),
     ("06-01", "06-01")),                                         # 20:00 UTC is the next day in Shanghai
])
def test_a_window_is_whole_months_and_the_incidents_of_its_ends(since, until, months, head, tail):
    split = rollup.window(since, until)
    assert (str(split["rollup_from"]), str(split["rollup_to"])) == months
    day = "%m-%d"
    assert (split["since"].astimezone(SHANGHAI).strftime(day), split["head_until"].strftime(day)) == head
    assert (split["tail_since"].strftime(day), split["until"].astimezone(SHANGHAI).strftime(day)) == tail
    assert rollup.has_whole_months(split) == (months[0] < months[1])


def test_an_open_window_reads_the_whole_rollup():
    split = rollup.window(None, None)
    assert (split["rollup_from"], split["rollup_to"], split["head_until"], split["tail_since"]) == (
        "-infinity", "infinity", "-infinity", "infinity")


def test_a_tick_folds_the_deltas_into_one_row_per_key(conn, world):
    clock = _Clock()
    _run(conn, world, clock, ("intake", [(0, 5, "T101", "app"), (1, 6, "T2", "app")]))
    for action in ("accept", "dispatch", "start"):
        _act(conn, _incident(conn, 0), action, clock)
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FILTER (WHERE fresh), count(*) FROM incident_rollup")
        # two keys, their grids' totals and their community's, street's and district's; then per transition
        # −1, +1 and a total of each level
        assert cur.fetchone() == (25, 25)
        tick(conn, now=clock.tick())
        cur.execute("SELECT count(*) FILTER (WHERE fresh), count(*) FROM incident_rollup")
        assert cur.fetchone() == (0, 7)
    assert _rows(conn) == _recount(conn)


class _Clock:
    """The case clock of a sequence: every step an hour after the last, past every ticket's report."""

    def __init__(self):
        self.now = T0 + hours(24 * DAYS)

    def tick(self):
        self.now += hours(1)
        return self.now


def _run(conn, world, clock, step):
    kind, *args = step
    if kind == "intake":
        upsert_incidents(conn, _tickets(*args))
    elif kind == "act":
        _act(conn, _incident(conn, args[0]), args[1], clock)
    elif kind == "place":
        found = _incident(conn, args[0])
        if found is not None:
            place_by_hand(conn, found, GRID[args[1]], world)
    elif kind == "replace":
        replace_incidents(conn, since=None)
    else:
        rollup.compact(conn)


def _tickets(drawn):
    """A frame of the intake: ticket ``ref`` (drawn again: the same ticket, changed) reported ``hour``
    hours after T0, placed in grid ``ref % 4 + 1`` with its point in grid ``hour % 4 + 1`` (so that
    ``incidents replace`` moves some), or outside every cell (refs 4, 5 modulo 6: unplaced)."""
    rows = []
    for ref, hour, category, channel in drawn:
        placed = ref % 6 < 4
        grid = ref % 4 + 1
        col, row = GRID_SQUARE[hour % 4 + 1]
        lon = ORIGIN[0] + (col + 0.5) * UNIT if placed else ORIGIN[0] - 5 * UNIT
        lat = ORIGIN[1] + (row + 0.5) * UNIT
        rows.append({c: None for c in STAGE_COLUMNS} | {
            "channel": channel, "source_ref": f"R{ref}-{channel}", "reported_at": T0 + hours(hour),
            "category_code": category, "geom": shapely.Point(lon, lat),
            "district_code": DISTRICT if placed else None, "street_code": STREET if placed else None,
            "community_code": COMMUNITY if placed else None, "grid_code": GRID[grid] if placed else None,
            "placement_method": "coordinates" if placed else None, "attributes": {},
            "unplaced_reason": None if placed else "outside all cells", "content_hash": f"{hour}-{category}"})
    frame = pd.DataFrame(rows, dtype=object).drop_duplicates("source_ref", keep="last")
    frame["reported_at"] = pd.to_datetime(frame["reported_at"], utc=True)
    return frame.reset_index(drop=True)


def _incident(conn, n):
    """The id of the ``n``-th incident (modulo their number), None when there is none."""
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM incident ORDER BY id")
        ids = [row[0] for row in cur.fetchall()]
    return ids[n % len(ids)] if ids else None


def _act(conn, case_id, action, clock):
    """The action on the case if the loop allows it now (a refused action writes nothing)."""
    if case_id is None:
        return
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT action")
        try:
            act(conn, case_id, action, now=clock.tick(), note="测试", rating="satisfied", hours=24)
        except CaseError:
            cur.execute("ROLLBACK TO SAVEPOINT action")
        else:
            cur.execute("RELEASE SAVEPOINT action")


def _summed(conn):
    """The roll-up as its readers see it: each key's rows summed (keys summing to nothing left out)."""
    measures = _measures(conn)
    query = sql.SQL("SELECT {key}, {sums} FROM incident_rollup GROUP BY {key} HAVING sum(received) <> 0").format(
        key=sql.SQL(", ").join(map(sql.Identifier, KEY)),
        sums=sql.SQL(", ").join(sql.SQL("sum({})").format(sql.Identifier(m)) for m in measures))
    return _set(conn, query)


def _rows(conn):
    return _set(conn, sql.SQL("SELECT {} FROM incident_rollup").format(
        sql.SQL(", ").join(map(sql.Identifier, (*KEY, *_measures(conn))))))


def _recount(conn):
    return _set(conn, sql.SQL("SELECT {} FROM incident_rollup_recount()").format(
        sql.SQL(", ").join(map(sql.Identifier, (*KEY, *_measures(conn))))))


def _measures(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM incident_rollup LIMIT 0")
        return [d[0] for d in cur.description if d[0] not in KEY and d[0] != "fresh"]


def _set(conn, query):
    with conn.cursor() as cur:
        cur.execute(query)
        rows = cur.fetchall()
    counted = sorted(rows, key=repr)
    assert len(set(map(repr, counted))) == len(counted)
    return counted


def _kpis(conn, level, since, until, category, channel, within=None):
    return kpi.kpis_by_level(conn, level, since, until, now=T0 + hours(24 * 80), within=within, category=category,
                             channel=channel)


def _raw_kpis(conn, level, since, until, category, channel):
    return kpi.kpis_by_level(conn, level, since, until, now=T0 + hours(24 * 80), category=category, channel=channel,
                             from_incidents=True)
