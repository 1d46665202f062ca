"""Proposed divisions: building cells tile the community, regions are contiguous and balanced, every
building is assigned once, the grids are valid and tile the community; on the planning world and on
the demo district the load spreads more evenly than over the current grids."""
import datetime as dt
import json

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from etl.demo.district import build_demo_district
from etl.demo.loading import load_demo, load_demo_incidents
from gis import db
from grids.cells.live_checks import live_findings
from grids.cells.metrics import grid_metrics
from grids.clock import SHANGHAI
from grids.errors import DraftConflict, ProposalError
from grids.planning import edits
from grids.planning.analysis.impact import load_impact
from grids.planning.analysis.proposal import apply_proposal, propose_division
from grids.planning.analysis.regions import balanced_regions
from grids.planning.analysis.tessellation import LocalPlane, building_cells, neighbours
from tests.planned_incidents import add_incident, centre
from tests.planning import COMMUNITY, GRID, building, building_box, load_planning_world, point

NOW = dt.datetime(2025, 6, 30, 18, 0, tzinfo=SHANGHAI)
DEMO_NOW = dt.datetime(2025, 12, 31, 18, 0, tzinfo=SHANGHAI)


def polygons(proposal):
    return [shapely.from_geojson(json.dumps(g["geometry"])) for g in proposal["grids"]]


def assert_a_division(proposal, area, footprints):
    """Every building in exactly one group, groups of one piece, valid, tiling ``area``, buildings whole."""
    k = proposal["k"]
    listed = [code for grid in proposal["grids"] for code in grid["buildings"]]
    assert sorted(listed) == sorted(footprints) == sorted(proposal["assignment"])
    assert sorted(set(proposal["assignment"].values())) == list(range(1, k + 1))
    shapes = polygons(proposal)
    assert all(shape.geom_type == "Polygon" and shape.is_valid for shape in shapes)
    assert shapely.coverage_is_valid(np.array(shapes))
    assert shapely.symmetric_difference(shapely.union_all(shapes), area).area < 1e-9 * area.area
    for grid, shape in zip(proposal["grids"], shapes):
        assert all(shape.covers(footprints[code]) for code in grid["buildings"])
        assert all(proposal["assignment"][code] == grid["group"] for code in grid["buildings"])


def test_building_cells_tile_a_bent_community_and_hold_their_buildings():
    # a U-shaped community; the Voronoi cell of the west arm's building reaches across the notch
    area = Polygon([(0, 0), (0.003, 0), (0.003, 0.003), (0.002, 0.003), (0.002, 0.001), (0.001, 0.001),
                    (0.001, 0.003), (0, 0.003)])
    footprints = np.array([box(0.0003, 0.0024, 0.0007, 0.0028), box(0.0023, 0.0024, 0.0027, 0.0028),
                           box(0.0013, 0.0002, 0.0017, 0.0006)])
    cells = building_cells(area, footprints)
    assert all(cell.geom_type == "Polygon" and cell.is_valid for cell in cells)
    assert shapely.coverage_is_valid(cells)
    assert shapely.symmetric_difference(shapely.union_all(cells), area).area < 1e-15
    assert all(shapely.covers(cells, footprints))
    found = neighbours(cells, LocalPlane.around(area))
    assert sorted(found[2]) == [0, 1] and found[0].keys() == {2}   # the arms meet only through the base


def test_regions_on_a_lattice_are_connected_and_even():
    # 2 × 6 units in a row of columns, unit loads 1: three regions of four
    positions = np.array([(x, y) for x in range(6) for y in range(2)], dtype=float)
    lattice = [{j: 1.0 for j, q in enumerate(positions) if abs(p - q).sum() == 1} for p in positions]
    labels = balanced_regions(np.ones(12), lattice, positions, 3, seed=1)
    assert sorted(np.bincount(labels)) == [4, 4, 4]
    for region in range(3):
        members = set(np.flatnonzero(labels == region))
        seen, stack = {min(members)}, [min(members)]
        while stack:
            for v in lattice[stack.pop()]:
                if v in members and v not in seen:
                    seen.add(v)
                    stack.append(v)
        assert seen == members
    assert (balanced_regions(np.ones(12), lattice, positions, 3, seed=1) == labels).all()
    with pytest.raises(ProposalError):
        balanced_regions(np.ones(12), lattice, positions, 13)


@pytest.fixture
def busy_world(conn):
    """The planning world with ten incidents in each building of grid 001 and none elsewhere."""
    accounts = load_planning_world(conn)
    for n in range(1, 5):
        for i in range(10):
            add_incident(conn, f"b{n}-{i}", GRID[1], centre(building_box(1, n)))
    footprints = {building(g, n): building_box(g, n) for g in GRID for n in range(1, 5)}
    return accounts, footprints


def test_a_busy_grid_is_shared_out(conn, busy_world):
    accounts, footprints = busy_world
    proposal = propose_division(conn, COMMUNITY, 4, now=NOW)
    area = box(*point(0, 0), *point(2, 2))
    assert_a_division(proposal, area, footprints)
    assert (proposal["buildings"], proposal["incidents"]) == (16, 40)
    before, after = proposal["spread"]["load"]["before"], proposal["spread"]["load"]["after"]
    # the busy block is a corner 2 × 2 of buildings: its corner building can only reach its grid's
    # neighbours through busy ones, so one new grid takes two busy buildings and perfect balance is out
    assert before["cv"] > 1.0 and after["cv"] < 0.3 and after["max_mean"] < 0.6 * before["max_mean"]
    assert max(g["incidents"] for g in proposal["grids"]) == 20
    assert [g["code"] for g in proposal["current"]] == list(GRID.values())
    assert propose_division(conn, COMMUNITY, 4, now=NOW)["assignment"] == proposal["assignment"]


def test_applied_it_passes_the_checks_and_the_replay_agrees(conn, busy_world):
    accounts, _ = busy_world
    proposal = propose_division(conn, COMMUNITY, 4, now=NOW)
    result = apply_proposal(conn, proposal, by=accounts["p1"])
    assert len(result.grids) == 4 and result.revision == 1
    findings = live_findings(conn, result.generation, COMMUNITY)
    assert {f["check"] for f in findings} <= {"grids_without_member"}
    assert all(m["contiguous"] for m in grid_metrics(conn, result.generation, COMMUNITY))
    impact = load_impact(conn, result.generation, 1, now=NOW)
    replayed = impact["spread"]["communities"][COMMUNITY]["planning_load"]
    assert replayed["after"]["cv"] == pytest.approx(proposal["spread"]["load"]["after"]["cv"], abs=1e-3)
    assert (sorted(g["after"]["incidents"] for g in impact["grids"] if g["after"])
            == sorted(g["incidents"] for g in proposal["grids"]))


def test_a_proposal_read_before_another_edit_is_refused_as_a_conflict(conn, busy_world):
    accounts, _ = busy_world
    proposal = propose_division(conn, COMMUNITY, 4, now=NOW)
    assert proposal["revision"] == 0
    edits.move_buildings(conn, [building(1, 1)], GRID[2], by=accounts["p2"], expected_revision=0)
    with pytest.raises(DraftConflict, match="not revision 0"):
        apply_proposal(conn, proposal, by=accounts["p1"])


def test_k_must_fit_the_buildings(conn, busy_world):
    with pytest.raises(ProposalError, match="k must be from 1 to 16"):
        propose_division(conn, COMMUNITY, 17, now=NOW)
    with pytest.raises(ProposalError, match="no community"):
        propose_division(conn, "370212001009", 2, now=NOW)


@pytest.fixture(scope="module")
def demo(database_url):
    """The demo district (seed 42) with its year of incidents, in a transaction rolled back at the end."""
    conn = db.open_connection(database_url)
    district = build_demo_district(42)
    load_demo(conn, district, 42)
    load_demo_incidents(conn, district, 42)
    yield conn
    conn.rollback()
    conn.close()


@pytest.mark.parametrize("community", ["370212001001", "370212002004", "370212005024"])
def test_on_the_demo_the_load_spreads_more_evenly_than_over_the_current_grids(demo, community):
    with demo.cursor() as cur:
        cur.execute("SELECT ST_AsBinary(geom) FROM cell WHERE code = %s", (community,))
        area = shapely.from_wkb(bytes(cur.fetchone()[0]))
        cur.execute("SELECT b.code, ST_AsBinary(b.geom) FROM cell b JOIN cell g ON g.code = b.parent_code "
                    "WHERE b.kind = 'building' AND g.kind = 'basic' AND g.parent_code = %s", (community,))
        footprints = {code: shapely.from_wkb(bytes(wkb)) for code, wkb in cur.fetchall()}
    current = [m for m in grid_metrics(demo, 1, community) if m["kind"] == "basic"]
    proposal = propose_division(demo, community, len(current), now=DEMO_NOW)
    assert_a_division(proposal, area, footprints)
    load = proposal["spread"]["load"]
    assert load["after"]["cv"] < 0.5 * load["before"]["cv"]
    assert load["after"]["max_mean"] < load["before"]["max_mean"]
    assert proposal["incidents"] == sum(g["incidents"] for g in proposal["current"])
