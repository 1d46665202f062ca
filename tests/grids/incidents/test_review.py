"""The review queue: the waiting incidents with reasons and candidates (the cells the address matcher's
standard addresses name, or the grids near the point), placing one by a cell or a point, many at once,
every placement logged, the refusals (unknown, placed already, outside the area), and what a street's
staff see."""
import pytest

from etl.incidents.importing import import_incident_file
from gis.db import act_as
from grids.cells import generations
from grids.incidents import review
from grids.incidents.placement import CellIndex
from grids.incidents.store import place_by_hand
from tests.cases import COMMUNITY, DISTRICT, GRID, STREET, add_incident, add_unplaced as unplaced, load_world
from tests.member_world import B1, B1U1, B2, load_member_world
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


def test_the_matchers_candidates_are_the_cells_their_standard_addresses_name(conn, tmp_path):
    """Through the real intake: a text naming two compounds, or two roads, is an ambiguous address whose
    candidates are standard addresses and road names; the queue shows the cells they name."""
    load_member_world(conn)
    path = tmp_path / "hotline.csv"
    path.write_text("工单编号,受理时间,诉求地址,诉求内容\n"
                    "RV-1,2025-03-03 09:00,石老人海湾名邸,噪声扰民\n"
                    "RV-2,2025-03-03 10:00,秦岭路海口路,路灯不亮\n", encoding="utf-8")
    assert import_incident_file(conn, path, channel="hotline")["added"] == 2
    waiting = review.queue(conn)["incidents"]
    assert [(i["source_ref"], i["unplaced_reason"]) for i in waiting] == [("RV-1", "ambiguous address"),
                                                                          ("RV-2", "ambiguous address")]
    compounds, roads = (review.item(conn, i["id"])["candidates"] for i in waiting)
    assert [(c["code"], c["address"], c["score"]) for c in compounds] == [
        (B2, "青岛市崂山区海口路7号 石老人", 1.0), (B1, "青岛市崂山区秦岭路248号 海湾名邸", 1.0)]
    assert [(c["code"], c["address"]) for c in roads] == [(B1, "秦岭路"), (B2, "海口路")]
    assert compounds[0]["level"] == "microgrid" and compounds[0]["outline"]["type"] == "MultiPolygon"
    review.place(conn, [waiting[0]["id"]], scope=(DISTRICT,), cell_code=compounds[1]["code"])
    assert _log(conn, waiting[0]["id"]) == [("cell", B1, "ambiguous address", True)]
    with conn.cursor() as cur:
        cur.execute("SELECT grid_code, microgrid_code FROM incident WHERE id = %s", (waiting[0]["id"],))
        assert cur.fetchone() == (GRID[1], B1)


def test_a_street_sees_only_the_incidents_placed_partly_in_its_area(conn, world):
    """The store lets an unplaced incident keep a street code (never a community's): that street's staff
    see it; another street's, a community's and an unknown one are as unknown to them as a missing id."""
    ours, theirs, nowhere = (unplaced(conn, ref) for ref in ("ours", "theirs", "nowhere"))
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET district_code = %s, street_code = %s WHERE id = %s", (DISTRICT, STREET, ours))
        cur.execute("UPDATE incident SET district_code = %s, street_code = %s WHERE id = %s",
                    (DISTRICT, "370212002", theirs))
    assert [i["id"] for i in review.queue(conn)["incidents"]] == [ours, theirs, nowhere]
    street = review.queue(conn, within=(STREET,))
    assert [i["id"] for i in street["incidents"]] == [ours] and street["total"] == 1
    assert street["reasons"] == [{"reason": "outside all cells", "incidents": 1}]
    assert review.queue(conn, within=(COMMUNITY,))["total"] == 0 and review.queue(conn, within=())["total"] == 0
    assert review.item(conn, ours, within=(STREET,))["id"] == ours
    for hidden in (theirs, nowhere):
        with pytest.raises(review.ReviewError) as refused:
            review.item(conn, hidden, within=(STREET,))
        assert refused.value.http_status == 404
        with pytest.raises(review.ReviewError) as refused:
            review.place(conn, [ours, hidden], scope=(STREET,), within=(STREET,), cell_code=GRID[1])
        assert (refused.value.code, refused.value.http_status) == ("not_found", 404)
    assert review.place(conn, [ours], scope=(STREET,), within=(STREET,), cell_code=GRID[1])["placed"] == [ours]
    assert _log(conn, ours) == [("cell", GRID[1], "outside all cells", True)]


def test_common_cell_is_the_finest_level_holding_every_code():
    assert review.common_cell([B1, B1U1]) == B1
    assert review.common_cell([B1, B2]) == COMMUNITY                   # grid 001's and grid 002's buildings
    assert review.common_cell([GRID[1]]) == GRID[1]
    assert review.common_cell(["370212001001001001", "370213001001001001"]) is None   # two districts


def test_placing_by_hand_from_the_command_line_is_logged_with_its_operator(conn, world):
    waiting = unplaced(conn, "cli")
    act_as(conn, "cli:tester")
    place_by_hand(conn, waiting, GRID[2], CellIndex.load(conn, generations.resolve(conn, "current")))
    with conn.cursor() as cur:
        cur.execute("SELECT l.method, l.cell_code, l.unplaced_reason, l.operator, i.placed_by, i.placement_method "
                    "FROM incident_placement_log l JOIN incident i ON i.id = l.incident_id WHERE i.id = %s",
                    (waiting,))
        assert cur.fetchall() == [("cell", GRID[2], "outside all cells", "cli:tester", "cli:tester", "manual")]
    assert review.queue(conn)["total"] == 0
