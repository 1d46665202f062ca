"""Submit, approve, publish: the four-eyes rule, the checks, what publishing hands over, and where a case
not yet dispatched goes once its grid has been redrawn."""
import datetime as dt

import geopandas as gpd
import pytest
from shapely.geometry import LineString

from etl.boundaries.importing import import_boundary_file
from grids.cases import loop
from grids.cells import generations
from grids.cells.store import cells_as_of
from grids.clock import SHANGHAI
from grids.errors import DraftConflict, DraftError, PersonError, PublishRefused, WorkflowStateError
from grids.member import worklist
from grids.people.notifications import mark_read, notifications_for
from grids.people.roster import find_person
from grids.planning import drafts, edits, handover, history, publishing
from tests.planning import COMMUNITY, GRID, building, building_box, load_planning_world, point, square

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
WEST, EAST = f"{COMMUNITY}005", f"{COMMUNITY}006"


@pytest.fixture
def world(conn):
    return load_planning_world(conn)


def split_grid_1(conn, world):
    """Grid 1 cut at 0.6 units: the west part (60 %) will inherit its member, the east part none."""
    cut = LineString([point(0.6, 0.9), point(0.6, 2.1)])
    return edits.split_grid(conn, GRID[1], cut, by=world["p1"], expected_revision=0)


def open_case(conn, ref, col, row, state="dispatched", microgrid=None):
    """An incident at ``col``, ``row`` units (None: without a point), placed in grid 1 of generation 1
    (and in ``microgrid``), accepted and — unless ``state`` is ``accepted`` — dispatched."""
    lon, lat = point(col, row) if col is not None else (None, None)
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO incident (channel, source_ref, reported_at, geom, generation_id, district_code, "
            "street_code, community_code, grid_code, microgrid_code, placement_method, content_hash) VALUES "
            "('patrol', %s, %s, ST_SetSRID(ST_Point(%s, %s), 4490), 1, '370212', '370212001', %s, %s, %s, "
            "'coordinates', 'h') RETURNING id", (ref, T0, lon, lat, COMMUNITY, GRID[1], microgrid))
        case = cur.fetchone()[0]
    loop.act(conn, case, "accept", now=T0)
    if state == "accepted":
        return case
    loop.act(conn, case, "dispatch", now=T0 + dt.timedelta(hours=1))
    if state == "closed":
        for action in ("start", "report", "verify"):
            loop.act(conn, case, action, now=T0 + dt.timedelta(hours=2))
    return case


def approve(conn, world, revision):
    publishing.submit(conn, by=world["p1"], expected_revision=revision)
    publishing.approve(conn, by=world["p2"], expected_revision=revision)


def test_the_submitter_cannot_approve_and_only_planners_or_administrators_can(conn, world):
    split_grid_1(conn, world)
    status = publishing.submit(conn, by=world["p1"], expected_revision=1)
    assert status["status"] == "submitted" and status["submitted_by"] == "p1"
    with pytest.raises(DraftError, match="p1 submitted draft generation 2 and cannot approve it"):
        publishing.approve(conn, by=world["p1"], expected_revision=1)
    with pytest.raises(DraftError, match="command_staff"):
        publishing.approve(conn, by=world["c1"], expected_revision=1)
    assert publishing.approve(conn, by=world["a1"], expected_revision=1)["approved_by"] == "a1"


def test_publishing_needs_an_approval_of_the_current_revision(conn, world):
    split_grid_1(conn, world)
    with pytest.raises(WorkflowStateError, match="is editing; it is published once approved") as refused:
        publishing.publish(conn, by=world["p1"], expected_revision=1)
    assert refused.value.context["allowed"] == ["submit", "discard"] and refused.value.http_status == 409
    approve(conn, world, 1)
    history.undo(conn, by=world["p1"], expected_revision=1)       # a change after the approval
    assert drafts.draft_status(conn)["status"] == "editing"
    with pytest.raises(WorkflowStateError, match="published once approved"):
        publishing.publish(conn, by=world["p1"], expected_revision=2)


def test_publishing_is_refused_while_the_checks_find_errors(conn, world):
    edits.reshape_grid(conn, GRID[1], square(0, 1.1, 1, 0.9), by=world["p1"], expected_revision=0)  # a gap
    approve(conn, world, 1)
    with pytest.raises(PublishRefused) as refused:
        publishing.publish(conn, by=world["p2"], expected_revision=1)
    assert any(f.startswith(f"coverage_gaps {COMMUNITY}") for f in refused.value.findings)
    assert generations.draft_generation(conn) == 2 and generations.current_generation(conn) == 1


def test_publish_hands_members_and_open_cases_over_and_keeps_history(conn, world):
    west_case, east_case = open_case(conn, "w", 0.3, 1.5), open_case(conn, "e", 0.8, 1.5)
    old_case = open_case(conn, "old", 0.3, 1.3, state="closed")
    member = find_person(conn, "M1")
    assert handover.member_handover(conn, 1, split_grid_1(conn, world).generation)["carried"] == [
        {"old_code": GRID[1], "new_code": WEST, "share": 0.6, "person_ids": [member["id"]]}]
    approve(conn, world, 1)

    published = publishing.publish(conn, by=world["p1"], expected_revision=1, effective_date=dt.date(2025, 6, 1),
                                   now=T0 + dt.timedelta(days=1))

    assert published["generation"] == generations.current_generation(conn) == 2
    assert drafts.draft_status(conn)["generation"] is None
    assert published["handover"]["members"]["without_member"] == [EAST]
    with conn.cursor() as cur:
        cur.execute("SELECT cell_code FROM person_cell WHERE person_id = %s", (member["id"],))
        assert [r[0] for r in cur.fetchall()] == [WEST]
    west, east = loop.get_case(conn, west_case), loop.get_case(conn, east_case)
    assert (west["handler_cell_code"], west["handler_person_id"], west["status"]) == (WEST, member["id"], "dispatched")
    assert (east["handler_cell_code"], east["handler_person_id"]) == (EAST, None)
    assert west["grid_code"] == east["grid_code"] == GRID[1]            # incidents keep their own cells
    event = loop.case_history(conn, west_case)[-1]
    assert (event["action"], event["from_state"], event["to_state"]) == ("redispatch", "dispatched", "dispatched")
    assert event["details"]["from_cell"] == GRID[1]
    old = loop.get_case(conn, old_case)
    assert (old["grid_code"], old["handler_cell_code"], old["status"]) == (GRID[1], GRID[1], "closed")
    assert [h["action"] for h in loop.case_history(conn, old_case)][-1] == "verify"
    with conn.cursor() as cur:
        cur.execute("SELECT generation_id FROM incident WHERE id = %s", (old_case,))
        assert cur.fetchone()[0] == 1
    assert GRID[1] in set(cells_as_of(conn, 1, level="grid")["code"])   # generation 1 still answers for it

    kinds = sorted(n["kind"] for n in notifications_for(conn, member["id"]))
    assert kinds == ["case_moved_away", "case_redispatched", "grid_changed"]
    assert mark_read(conn, member["id"], [n["id"] for n in notifications_for(conn, member["id"])]) == 3
    assert notifications_for(conn, member["id"], unread_only=True) == []
    actions = [e["action"] for e in drafts.planning_log(conn, generation=2)]
    assert actions == ["publish", "approve", "submit", "edit"]


def test_publish_defaults_to_today_in_shanghai_by_the_clock_not_the_machines_date(conn, world, monkeypatch):
    monkeypatch.setenv("GRIDGOV_NOW", "2026-03-01T23:30:00+00:00")     # 07:30 on 2 March in Shanghai
    split_grid_1(conn, world)
    approve(conn, world, 1)

    published = publishing.publish(conn, by=world["p1"], expected_revision=1)

    assert published["effective_date"] == dt.date(2026, 3, 2)
    assert generations.effective_date(conn, published["generation"]) == dt.date(2026, 3, 2)


def test_a_case_dispatched_after_its_grid_was_split_goes_to_the_grid_holding_it_now(conn, world):
    west_case, east_case = open_case(conn, "w", 0.3, 1.5, "accepted"), open_case(conn, "e", 0.8, 1.5, "accepted")
    split_grid_1(conn, world)
    approve(conn, world, 1)
    published = publishing.publish(conn, by=world["p1"], expected_revision=1, now=T0 + dt.timedelta(days=1))
    assert published["handover"]["cases"] == []                    # not dispatched yet: nothing to hand over

    later = T0 + dt.timedelta(days=2)
    west = loop.act(conn, west_case, "dispatch", now=later)
    assert (west["handler_cell_code"], west["handler_person_id"]) == (WEST, find_person(conn, "M1")["id"])
    assert (west["grid_code"], loop.get_case(conn, west_case)["grid_code"]) == (GRID[1], GRID[1])   # kept
    listed = worklist.open_cases(conn, (WEST,), find_person(conn, "M1")["id"], later)   # on the member's phone
    assert [(c["id"], c["mine"]) for c in listed] == [(west_case, True)]
    with pytest.raises(PersonError, match=f"nobody handles cases of grid {EAST} \\(it holds the incident, "
                                          f"placed in {GRID[1]}\\)"):
        loop.act(conn, east_case, "dispatch", now=later)
    east = loop.act(conn, east_case, "dispatch", now=later, to="M2")      # named: the cell is still the new one
    assert (east["handler_cell_code"], east["handler_person_id"]) == (EAST, find_person(conn, "M2")["id"])


def test_a_case_follows_its_building_into_another_grid(conn, world):
    """Grid 1 keeps its code but gives building 003 to grid 3: a case there goes to grid 3's member,
    also one without a point (its building, re-coded, is followed through the code change log)."""
    x0, y0, x1, y1 = building_box(1, 3).bounds
    in_building = ((x0 + x1) / 2 - point(0, 0)[0]) / (point(1, 0)[0] - point(0, 0)[0]), 1.7
    at_point = open_case(conn, "b", *in_building, "accepted", microgrid=building(1, 3))
    no_point = open_case(conn, "n", None, None, "accepted", microgrid=f"{building(1, 3)}01")   # its west stairwell
    staying = open_case(conn, "s", 0.3, 1.5, "accepted", microgrid=building(1, 1))
    moved = edits.move_buildings(conn, [building(1, 3)], GRID[3], by=world["p1"], expected_revision=0)
    assert moved.buildings_recoded == 1
    approve(conn, world, 1)
    publishing.publish(conn, by=world["p1"], expected_revision=1, now=T0 + dt.timedelta(days=1))

    later = T0 + dt.timedelta(days=2)
    handlers = {case: loop.act(conn, case, "dispatch", now=later)["handler_cell_code"]
                for case in (at_point, no_point, staying)}
    assert handlers == {at_point: GRID[3], no_point: GRID[3], staying: GRID[1]}
    assert loop.get_case(conn, no_point)["microgrid_code"] == f"{building(1, 3)}01"      # kept


def test_discard_throws_the_draft_away_and_logs_it(conn, world):
    split_grid_1(conn, world)
    assert publishing.discard(conn, by=world["p2"], expected_revision=1) == {"generation": 2, "discarded": True}
    assert generations.draft_generation(conn) is None
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM standard_address WHERE cell_code LIKE %s", (f"{WEST}%",))
        assert cur.fetchone()[0] == 0
        cur.execute("SELECT count(*) FROM draft_edit")
        assert cur.fetchone()[0] == 0
    assert [e["action"] for e in drafts.planning_log(conn, generation=2)] == ["discard", "edit"]


def test_an_import_into_the_planners_draft_is_a_new_revision_and_only_the_workflow_publishes_it(conn, world, tmp_path):
    split_grid_1(conn, world)
    publishing.submit(conn, by=world["p1"], expected_revision=1)
    path = tmp_path / "new_building.geojson"
    gpd.GeoDataFrame({"code": [f"{GRID[2]}005"], "name": ["2号网格新楼"], "parent_code": [GRID[2]]},
                     geometry=[square(0.45, 0.45, 0.1, 0.1)], crs="EPSG:4490").to_file(path)
    report = import_boundary_file(conn, path, "microgrid", kind="building")
    assert report["draft_revision"] == 2
    status = drafts.draft_status(conn)
    assert (status["revision"], status["status"], status["submitted_by"]) == (2, "editing", None)
    assert drafts.planning_log(conn, limit=1)[0]["action"] == "import"
    with pytest.raises(DraftConflict):                          # a page still showing revision 1
        publishing.submit(conn, by=world["p1"], expected_revision=1)
    with pytest.raises(PublishRefused, match="gridgov plan publish"):
        publishing.publish_import(conn)
    assert generations.draft_generation(conn) is not None         # still a draft


def test_an_imported_draft_no_planner_touched_is_published_from_the_command_line(conn, world, tmp_path):
    path = tmp_path / "new_building.geojson"
    gpd.GeoDataFrame({"code": [f"{GRID[2]}005"], "name": ["2号网格新楼"], "parent_code": [GRID[2]]},
                     geometry=[square(0.45, 0.45, 0.1, 0.1)], crs="EPSG:4490").to_file(path)
    report = import_boundary_file(conn, path, "microgrid", kind="building")
    assert report["draft_revision"] is None
    assert publishing.publish_import(conn) == report["generation"] == generations.current_generation(conn)
