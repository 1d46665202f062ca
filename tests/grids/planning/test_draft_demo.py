"""Planners' edits on the demo district (seed 42, cells only): real shapes, real building counts."""
import pytest
import shapely
from shapely.geometry import LineString

from etl.demo.district import build_demo_district
from etl.demo.loading import load_demo
from grids.cells import code_changes, generations
from grids.cells.checks import run_checks
from grids.people import accounts
from grids.planning import edits

COMMUNITY = "370212005009"          # the demo community with the most grids


@pytest.fixture
def demo(conn):
    load_demo(conn, build_demo_district(42), 42)
    return accounts.create_account(conn, "planner-t", "planner-password", "planner")


def largest_grid(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT g.code, ST_AsText(g.geom), g.households FROM cell g WHERE g.parent_code = %s "
                    "AND g.kind = 'basic' ORDER BY (SELECT count(*) FROM cell b WHERE b.parent_code = g.code) DESC, "
                    "g.code LIMIT 1", (COMMUNITY,))
        code, wkt, households = cur.fetchone()
    return code, shapely.from_wkt(wkt), households


def community_state(conn, generation):
    with conn.cursor() as cur:
        cur.execute("SELECT count(*), sum(households) FROM cell WHERE level = 'microgrid' AND kind = 'building' "
                    "AND starts_with(code, %s) AND in_generation(generation_low, generation_high, %s)",
                    (COMMUNITY, generation))
        return cur.fetchone()


def errors_in_community(conn, generation):
    return [f for f in run_checks(conn, generation) if f.severity == "error" and f.code.startswith(COMMUNITY)]


def test_split_and_merge_back_on_the_demo_district(conn, demo):
    code, geom, households = largest_grid(conn)
    x0, y0, x1, y1 = geom.bounds
    middle = (x0 + x1) / 2
    split = edits.split_grid(conn, code, LineString([(middle, y0 - 0.001), (middle, y1 + 0.001)]), by=demo,
                             expected_revision=0)
    draft = split.generation
    assert len(split.grids) == 2 and split.buildings_recoded > 0
    assert community_state(conn, draft) == community_state(conn, 1)        # every building, once, whole
    assert not errors_in_community(conn, draft)
    with conn.cursor() as cur:
        cur.execute("SELECT sum(households) FROM cell WHERE code = ANY(%s) AND generation_low = %s",
                    (split.grids, draft))
        assert cur.fetchone()[0] == households

    merged = edits.merge_grids(conn, split.grids, by=demo, expected_revision=1)
    assert merged.grids == [code]                      # its geometry and buildings again: its code again
    assert code_changes.code_changes(conn, draft) == []
    assert not errors_in_community(conn, draft)
    assert generations.current_generation(conn) == 1
