"""Remembered map answers: reused while the data version stands, computed afresh when it moves (a new
incident, a transition, a renamed member), or — when a server allows it — answered stale while the
fresh answer is computed in the background."""
import json
import time

import pytest

from grids.cases.loop import act
from grids.mapview import cache, cell_layers, queries
from tests.cases import DISTRICT, GRID, add_incident
from tests.map_world import NOW, load_map_world


@pytest.fixture
def world(conn):
    cache.forget()
    cases = load_map_world(conn)
    yield conn, cases
    cache.serve_stale(0)
    cache.forget()


def _asker(conn):
    calls = []

    def ask():
        return cache.remembered(conn, cell_layers.current(conn), "test", ("q",),
                                lambda c: calls.append(c) or len(calls), now=NOW)
    return ask, calls


def test_an_answer_is_reused_while_the_data_stands_still(world):
    conn, _ = world
    ask, calls = _asker(conn)
    assert (ask(), ask(), ask()) == (1, 1, 1) and len(calls) == 1


@pytest.mark.parametrize("change", ["incident", "transition", "person"])
def test_a_change_to_what_the_map_counts_computes_afresh(world, change):
    conn, cases = world
    ask, calls = _asker(conn)
    assert ask() == 1
    if change == "incident":
        add_incident(conn, "new", grid=4)
    elif change == "transition":
        act(conn, cases["green"], "urge", "D1", now=NOW)
    else:
        with conn.cursor() as cur:
            cur.execute("UPDATE person SET name = name || '（新）' WHERE code = 'M1'")
    assert ask() == 2 and ask() == 2


def test_a_server_may_answer_stale_while_it_recomputes(world):
    conn, _ = world
    cache.serve_stale(60)
    ask, calls = _asker(conn)
    assert ask() == 1
    add_incident(conn, "new", grid=4)
    assert ask() == 1                                   # at once, the answer it had
    deadline = time.monotonic() + 10
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(calls) == 2 and calls[1] is not conn     # computed again, on a connection of its own


def test_counts_roll_finest_codes_up_to_every_level(world):
    conn, _ = world
    from tests.map_world import BUILDINGS, STAIRWELL
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET microgrid_code = %s WHERE source_ref = 'red'", (STAIRWELL,))
        cur.execute("UPDATE incident SET microgrid_code = %s WHERE source_ref = 'green'", (BUILDINGS["B3"],))
    filters = queries.Filters(scope=(DISTRICT,), now=NOW)
    assert queries.counts(conn, "grid", filters) == {GRID[1]: 2, GRID[2]: 1, GRID[3]: 1}
    assert queries.counts(conn, "microgrid", filters) == {BUILDINGS["B1"]: 1, STAIRWELL: 1, BUILDINGS["B3"]: 1}
    assert queries.counts(conn, "district", filters) == {DISTRICT: 4}
    member = queries.Filters(scope=(GRID[2],), now=NOW)
    assert queries.counts(conn, "grid", member) == {GRID[2]: 1}
    assert queries.counts(conn, "grid", queries.Filters(scope=(DISTRICT,), now=NOW, cell=GRID[1])) == {GRID[1]: 2}


def test_heat_says_when_its_limit_cut_the_points(world):
    conn, _ = world
    filters = queries.Filters(scope=(DISTRICT,), now=NOW)          # the world's four incidents
    whole, cut = (json.loads(queries.heat(conn, filters, limit=n)) for n in (4, 3))
    assert (len(whole["points"]), whole["truncated"]) == (4, False)
    assert (len(cut["points"]), cut["truncated"], cut["limit"]) == (3, True, 3)
