"""The review queue: the waiting incidents with reasons and candidates, placing one by a cell or a point,
many at once, every placement logged, and the refusals (unknown, placed already, outside the area)."""
import pytest

from grids.cells import generations
from grids.incidents import review
from tests.cases import COMMUNITY, DISTRICT, GRID, STREET, add_incident, add_unplaced as unplaced, load_world
from tests.shapes import ORIGIN, UNIT


@pytest.fixture
def world(conn):
    load_world(conn)
    generations.publish(conn)


def _log(conn, case_id):
    with conn.cursor() as cur:
        cur.execute("SELECT method, cell_code, unplaced_reason, operator IS NOT DISTINCT FROM NULL "
                    "FROM incident_placement_log WHERE incident_id = %s", (case_id,))
        return cur.fetchall()


def test_the_queue_lists_waiting_incidents_with_reasons_and_candidates(conn, world):
    near = unplaced(conn, "near", lon=ORIGIN[0] - 0.001, lat=ORIGIN[1] + 0.5 * UNIT)   # ~90 m west of grid 2
    named = unplaced(conn, "named", "ambiguous address", '[["%s", 72.5], ["%s", 70.0]]' % (GRID[3], GRID[4]))
    add_incident(conn, "placed")
    found = review.queue(conn)
    assert [i["id"] for i in found["incidents"]] == [near, named] and found["total"] == 2
    assert {r["reason"]: r["incidents"] for r in found["reasons"]} == {"outside all cells": 1, "ambiguous address": 1}
    assert review.queue(conn, reason="ambiguous address")["total"] == 1
    by_address = review.item(conn, named)["candidates"]
    assert [(c["code"], c["score"]) for c in by_address] == [(GRID[3], 72.5), (GRID[4], 70.0)]
    by_point = review.item(conn, near)["candidates"]
    assert by_point[0]["code"] == GRID[2] and 50 < by_point[0]["metres"] < 150
    assert by_point[0]["outline"]["type"] == "MultiPolygon"


def test_placing_by_cell_by_point_and_many_at_once_is_logged(conn, world):
    one, two, three = (unplaced(conn, f"p{n}") for n in range(3))
    placed = review.place(conn, [one], scope=(DISTRICT,), cell_code=GRID[4])
    assert placed == {"cell": GRID[4], "level": "grid", "placed": [one]}
    lon, lat = ORIGIN[0] + 1.5 * UNIT, ORIGIN[1] + 1.5 * UNIT                          # grid 3's middle
    assert review.place(conn, [two], scope=(DISTRICT,), lon=lon, lat=lat)["cell"] == GRID[3]
    assert review.place(conn, [three, three], scope=(STREET,), cell_code=COMMUNITY)["placed"] == [three]
    with conn.cursor() as cur:
        cur.execute("SELECT id, district_code, street_code, community_code, grid_code, placement_method, "
                    "ST_DWithin(geom, ST_SetSRID(ST_Point(%s, %s), 4490), 1e-9) FROM incident WHERE id = ANY(%s) "
                    "ORDER BY id", (lon, lat, [one, two, three]))
        rows = cur.fetchall()
    assert rows == [(one, DISTRICT, STREET, COMMUNITY, GRID[4], "manual", False),
                    (two, DISTRICT, STREET, COMMUNITY, GRID[3], "manual", True),    # moved to the point clicked
                    (three, DISTRICT, STREET, COMMUNITY, None, "manual", False)]
    assert _log(conn, one) == [("cell", GRID[4], "outside all cells", True)]
    assert _log(conn, two)[0][:2] == ("point", GRID[3])
    assert review.queue(conn)["total"] == 0


def test_refusals_write_nothing(conn, world):
    waiting, placed = unplaced(conn, "w"), add_incident(conn, "done")
    refusals = [
        (dict(ids=[999999], scope=(DISTRICT,), cell_code=GRID[1]), "not_found", 404),
        (dict(ids=[waiting, placed], scope=(DISTRICT,), cell_code=GRID[1]), "already_placed", 409),
        (dict(ids=[waiting], scope=(DISTRICT,), cell_code="370212001001999"), "unknown_cell", 400),
        (dict(ids=[waiting], scope=("370212002",), cell_code=GRID[1]), "out_of_scope", 403),
        (dict(ids=[waiting], scope=(DISTRICT,), lon=ORIGIN[0] - 1, lat=ORIGIN[1]), "outside_all_cells", 400),
    ]
    for kwargs, code, status in refusals:
        ids = kwargs.pop("ids")
        with pytest.raises(review.ReviewError) as refused:
            review.place(conn, ids, **kwargs)
        assert (refused.value.code, refused.value.http_status) == (code, status)
    assert review.queue(conn)["total"] == 1 and _log(conn, waiting) == []
