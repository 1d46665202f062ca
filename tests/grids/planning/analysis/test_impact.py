"""Load impact replayed on the planning world (four grids of four buildings, 10 households each).

The year: building 001 of grid 001 (the north-west one) is busy — 6 incidents placed by coordinates,
2 placed by its address, and an open case held by M1 (green, not urgent: weight 1); 2 more incidents
lie in grid 001 outside its buildings and 4 in grid 002; one rejected report and one older than the
window count nowhere (the intake of grid 001 is 11: the open case is an incident of the window too).
Moving building 001 into grid 003 must move its 9 incidents, the open work with them, and nothing else.
"""
import datetime as dt

import numpy as np
import pytest
import shapely

from grids.clock import SHANGHAI
from grids.planning import edits
from grids.planning.analysis.impact import grid_loads, load_impact, spread
from tests.planned_incidents import MARCH, add_incident, centre
from tests.planning import COMMUNITY, GRID, building, building_box, load_planning_world, point

NOW = dt.datetime(2025, 6, 30, 18, 0, tzinfo=SHANGHAI)
BUSY = building(1, 1)


@pytest.fixture
def world(conn):
    accounts = load_planning_world(conn)
    with conn.cursor() as cur:
        cur.execute("SELECT code, id FROM person WHERE role = 'grid_member'")
        members = dict(cur.fetchall())
    busy = centre(building_box(1, 1))
    for n in range(6):
        add_incident(conn, f"busy{n}", GRID[1], busy)
    for n in range(2):
        add_incident(conn, f"addr{n}", GRID[1], busy, method="address_exact", microgrid=BUSY)
    add_incident(conn, "open", GRID[1], busy, status="dispatched", handler=members["M1"])
    for n in range(2):
        add_incident(conn, f"yard{n}", GRID[1], point(0.5, 1.5))
    for n in range(4):
        add_incident(conn, f"south{n}", GRID[2], point(0.5, 0.5))
    add_incident(conn, "rejected", GRID[1], busy, status="rejected")
    add_incident(conn, "old", GRID[1], busy, at=MARCH - dt.timedelta(days=400))
    return {"accounts": accounts, "members": members}


def move_busy_building(conn, world):
    edits.move_buildings(conn, [BUSY], GRID[3], by=world["accounts"]["p1"], expected_revision=0)
    return 2


def index(households, incidents, open_weighted, means):
    """grids.cases.workload's index by hand: 0.5 open + 0.3 intake per month + 0.2 households, each over its mean."""
    return (0.5 * open_weighted / means["open"] + 0.3 * incidents / 12 / means["per_month"]
            + 0.2 * households / means["households"])


def test_before_is_the_load_as_stored(conn, world):
    loads = grid_loads(conn, 1, now=NOW)
    assert {code: (p["households"], p["incidents"], p["open_weighted"]) for code, p in loads.items()} == {
        GRID[1]: (40, 11, 1.0), GRID[2]: (40, 4, 0.0), GRID[3]: (40, 0, 0.0), GRID[4]: (40, 0, 0.0)}


def test_moving_a_busy_building_moves_its_incidents_and_open_case(conn, world):
    draft = move_busy_building(conn, world)
    impact = load_impact(conn, draft, 1, now=NOW)
    assert impact["changed_grids"] == [GRID[1], GRID[3]]
    assert impact["replayed"] == 11 and impact["unplaced"] == 0
    rows = {g["code"]: g for g in impact["grids"]}
    assert sorted(rows) == [GRID[1], GRID[3]]       # grid 002 and 004 are untouched
    first, third = rows[GRID[1]], rows[GRID[3]]
    assert (first["before"]["incidents"], first["after"]["incidents"]) == (11, 2)
    assert (third["before"]["incidents"], third["after"]["incidents"]) == (0, 9)
    assert (first["after"]["open_weighted"], third["after"]["open_weighted"]) == (0.0, 1.0)
    assert (first["before"]["households"], first["after"]["households"], third["after"]["households"]) == (40, 30, 50)
    assert (first["status"], third["status"], third["member_before"], third["member_after"]) == (
        "changed", "changed", world["members"]["M3"], world["members"]["M3"])

    # the index keeps the base's means: households 40, intake 15 / 12 / 4 per grid and month, open 1 / 4
    means = {"households": 40, "per_month": 15 / 48, "open": 0.25}
    assert first["before"]["load_index"] == pytest.approx(index(40, 11, 1, means), abs=1e-4)
    assert first["after"]["load_index"] == pytest.approx(index(30, 2, 0, means), abs=1e-4)
    assert third["after"]["load_index"] == pytest.approx(index(50, 9, 1, means), abs=1e-4)


def test_members_follow_their_grids(conn, world):
    impact = load_impact(conn, move_busy_building(conn, world), 1, now=NOW)
    members = {m["id"]: m for m in impact["members"]}
    m1, m3 = members[world["members"]["M1"]], members[world["members"]["M3"]]
    assert sorted(members) == sorted([m1["id"], m3["id"]])
    assert (m1["grids_before"], m1["grids_after"]) == ([GRID[1]], [GRID[1]])
    assert (m1["before"]["incidents"], m1["after"]["incidents"], m3["after"]["incidents"]) == (11, 2, 9)
    assert m3["after"]["load_index"] > m1["after"]["load_index"]
    assert m1["before"]["load_index"] > m3["before"]["load_index"]


def test_spread_before_and_after_for_the_community_and_the_district(conn, world):
    impact = load_impact(conn, move_busy_building(conn, world), 1, now=NOW)
    community = impact["spread"]["communities"][COMMUNITY]
    assert impact["spread"]["district"] == community      # the district is this one community
    planning = {"before": [(40, 11), (40, 4), (40, 0), (40, 0)], "after": [(30, 2), (40, 4), (50, 9), (40, 0)]}
    for when, grids in planning.items():
        loads = [0.4 * h / 40 + 0.6 * n / (15 / 4) for h, n in grids]
        assert community["planning_load"][when]["cv"] == pytest.approx(np.std(loads) / np.mean(loads), abs=1e-3)
        assert community["planning_load"][when]["max_mean"] == pytest.approx(max(loads) / np.mean(loads), abs=1e-3)
    assert community["load_index"]["before"]["grids"] == 4
    assert spread([1.0, 1.0, 2.0]) == {"grids": 3, "mean": 1.3333, "max": 2.0, "max_mean": 1.5, "cv": 0.3536}
    assert spread([]) is None


def test_a_new_dedicated_grid_takes_the_incidents_of_its_building_however_they_were_placed(conn, world):
    """By coordinates or by the building's address, as the intake would place them now; one placed by an
    address naming only the compound (so in grid 001, at a point under the market) stays."""
    add_incident(conn, "compound", GRID[1], centre(building_box(1, 1)), method="address_fuzzy", level="compound")
    market = shapely.box(*building_box(1, 1).buffer(0.0005).bounds)
    edits.create_dedicated_grid(conn, COMMUNITY, market, "市场", by=world["accounts"]["p1"],
                                expected_revision=0)
    impact = load_impact(conn, 2, 1, now=NOW)
    rows = {g["code"]: g for g in impact["grids"]}
    [dedicated] = [code for code, g in rows.items() if g["kind"] == "dedicated"]
    # the six by coordinates, the two by the building's address and the open case go; the compound's stays
    market_row = rows[dedicated]
    assert (market_row["status"], market_row["before"], market_row["after"]["incidents"]) == ("added", None, 9)
    assert rows[dedicated]["after"]["open_weighted"] == 1.0 and rows[dedicated]["member_after"] is None
    assert (rows[GRID[1]]["status"], rows[GRID[1]]["after"]["incidents"]) == ("same", 3)
    assert impact["spread"]["communities"][COMMUNITY]["planning_load"]["after"]["grids"] == 4   # basic grids only


def test_a_draft_equal_to_its_base_changes_nothing(conn, world):
    impact = load_impact(conn, 1, 1, now=NOW)
    assert (impact["changed_grids"], impact["grids"], impact["members"], impact["replayed"]) == ([], [], [], 0)
    district = impact["spread"]["district"]["load_index"]
    assert district["before"] == district["after"]
