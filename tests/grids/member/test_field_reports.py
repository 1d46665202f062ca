"""Field reports from the phone: placed as every channel is, a case opened and dispatched, refusals."""
import re

import pytest

from grids.cases import loop, photos
from grids.mapview import queries
from grids.member import field_reports
from grids.member.field_reports import FieldReportRefused
from grids.member.worklist import open_cases
from tests.cases import DISTRICT, GRID, T0
from tests.images import image_file
from tests.member_world import B1U1, load_member_world
from tests.shapes import ORIGIN, UNIT

PNG = image_file("PNG")
IN_STAIRWELL = (ORIGIN[0] + 0.25 * UNIT, ORIGIN[1] + 1.3 * UNIT)          # grid 001, building B1, unit 1
ON_EDGE_1_3 = (ORIGIN[0] + 1.0 * UNIT, ORIGIN[1] + 1.5 * UNIT)           # the edge between grids 001 and 003
NEAR_GRID_2 = (ORIGIN[0] - 20.0 / 90_000, ORIGIN[1] + 0.5 * UNIT)        # 20 m west of the community
IN_GRID_4 = (ORIGIN[0] + 1.5 * UNIT, ORIGIN[1] + 0.5 * UNIT)             # grid 004 has no member
FAR_AWAY = (ORIGIN[0] - 0.1, ORIGIN[1])


@pytest.fixture
def world(conn):
    return load_member_world(conn)


def _file(conn, world, where=IN_STAIRWELL, **kwargs):
    fields = {"category": "T101", "description": "楼道堆放杂物，堵塞消防通道", **kwargs}
    return field_reports.file_report(conn, person_id=world["M1"], lon=where[0], lat=where[1], now=T0, **fields)


def _incidents(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM incident")
        return cur.fetchone()[0]


def test_a_report_is_placed_in_its_stairwell_and_dispatched_to_the_grids_member(conn, world):
    report = _file(conn, world, accuracy_m=8)
    assert (report["grid_code"], report["microgrid_code"], report["placement_method"]) == (GRID[1], B1U1, "coordinates")
    assert (report["status"], report["handler_level"], report["handler_person_id"]) == ("dispatched", "grid", world["M1"])
    assert re.fullmatch(r"XC20250303090000-[0-9a-f]{8}", report["source_ref"])
    case = loop.get_case(conn, report["id"], now=T0, with_personal_data=True)
    assert (case["channel"], case["category_code"], case["reporter_name"]) == ("patrol", "T101", "网格员甲")
    assert case["time_limit_hours"] == 24 and case["timer"]["colour"] == "green"
    history = loop.case_history(conn, report["id"])
    assert [(e["action"], e["by_code"]) for e in history] == [("accept", "M1"), ("dispatch", "M1")]
    assert report["id"] in {c["id"] for c in open_cases(conn, (GRID[1],), world["M1"], T0)}


def test_the_report_shows_on_the_command_map(conn, world):
    report = _file(conn, world)
    filters = queries.Filters(scope=(DISTRICT,), now=T0, channel="patrol")
    features = queries.incidents(conn, filters, 100)["features"]
    assert [f["id"] for f in features] == [report["id"]]
    assert features[0]["geometry"]["coordinates"] == [round(c, 6) for c in IN_STAIRWELL]


@pytest.mark.parametrize("where, grid, method, handler", [
    (ON_EDGE_1_3, 1, "coordinates", "M1"),      # the edge rule: the lowest code
    (NEAR_GRID_2, 2, "nearest", "M2"),          # within 50 m of a grid: the nearest one
])
def test_the_placement_rules_of_every_channel_apply(conn, world, where, grid, method, handler):
    report = _file(conn, world, where=where)
    assert (report["grid_code"], report["placement_method"]) == (GRID[grid], method)
    assert report["handler_person_id"] == world[handler]
    if method == "nearest":
        assert report["placement_distance_m"] == pytest.approx(20.0, abs=0.5)


def test_a_grid_without_member_keeps_the_case_accepted_and_says_why(conn, world):
    report = _file(conn, world, where=IN_GRID_4)
    assert (report["status"], report["handler_level"]) == ("accepted", None)
    assert f"nobody handles cases of grid {GRID[4]}" in report["dispatch_refused"]


def test_a_photo_goes_with_the_report(conn, world):
    report = _file(conn, world, photo=PNG, photo_name="scene.png")
    assert report["photo"]["content_type"] == "image/png"
    assert [p["id"] for p in photos.photos_of(conn, report["id"])] == [report["photo"]["id"]]


@pytest.mark.parametrize("change, code, field", [
    ({"where": FAR_AWAY}, "outside_all_cells", "location"),
    ({"category": "nope"}, "unknown_category", "category"),
    ({"description": "   "}, "description_required", "description"),
    ({"description": "长" * 2001}, "description_too_long", "description"),
    ({"photo": b"GIF89a" + bytes(10)}, "photo_type", "photo"),
])
def test_a_refused_report_names_the_reason_and_writes_nothing(conn, world, change, code, field):
    before = _incidents(conn)
    with pytest.raises((FieldReportRefused, photos.PhotoRefused)) as refused:
        _file(conn, world, **change)
    assert (refused.value.code, refused.value.context["field"]) == (code, field)
    assert _incidents(conn) == before


def test_a_location_that_is_no_position_is_refused(conn, world):
    for lon, lat in ((None, 36.0), ("x", 36.0), (120.0, 91.0), (float("nan"), 36.0)):
        with pytest.raises(FieldReportRefused) as refused:
            field_reports.file_report(conn, person_id=world["M1"], lon=lon, lat=lat, category="T101",
                                      description="x", now=T0)
        assert refused.value.code == "bad_location"


def test_two_reports_in_the_same_second_get_their_own_ticket_numbers(conn, world):
    first, second = _file(conn, world), _file(conn, world)
    assert first["source_ref"] != second["source_ref"] and first["id"] != second["id"]
