"""Live checks of a draft: each rule broken once on the planning world, found with its geometry."""
import pytest
import shapely
from shapely.geometry import shape

from grids.cells.boundaries import import_cells
from grids.cells.live_checks import live_findings
from tests.planning import COMMUNITY, GRID, building, building_box, load_planning_world
from tests.shapes import import_frame, multi, square

STRIP_M2 = (90_000, 112_000)   # a tenth of a unit square (see tests/test_checks.py)


def same(geometry, expected):
    """Whether a GeoJSON geometry is ``expected`` (vertex by vertex, whatever the ring's start and direction)."""
    return shapely.normalize(multi(shape(geometry))).equals_exact(shapely.normalize(multi(expected)), 1e-9)


def _draft(conn, grids):
    import_cells(conn, import_frame([{"code": code, "name": code, "parent": COMMUNITY, "geom": geom}
                                     for code, geom in grids]), "grid", "basic")
    return 2


def test_a_clean_draft_has_no_findings(conn):
    load_planning_world(conn)
    assert live_findings(conn, 1, COMMUNITY) == []
    assert live_findings(conn, 1) == []


def test_every_rule_broken_once_with_its_geometry(conn):
    load_planning_world(conn)
    draft = _draft(conn, [
        (GRID[1], square(0, 1, 1.2, 1)),        # reaches 0.2 into grid 003: overlap, and cuts its west buildings
        (GRID[2], square(0, 0, 0.9, 1)),        # leaves a strip of the community uncovered
        (GRID[4], square(1, 0, 1.1, 1)),        # reaches 0.1 outside the community
    ])
    by_check = {}
    for finding in live_findings(conn, draft, COMMUNITY):
        by_check.setdefault(finding["check"], []).append(finding)

    [overlap] = by_check["basic_overlaps"]
    assert (overlap["code"], overlap["other_code"], overlap["severity"]) == (GRID[1], GRID[3], "error")
    assert same(overlap["geometry"], square(1, 1, 0.2, 1))
    assert 2 * STRIP_M2[0] < overlap["area_m2"] < 2 * STRIP_M2[1]

    [gap] = by_check["coverage_gaps"]
    assert gap["code"] == COMMUNITY and same(gap["geometry"], square(0.9, 0, 0.1, 1))
    assert STRIP_M2[0] < gap["area_m2"] < STRIP_M2[1]

    [outside] = by_check["outside_parent"]
    assert (outside["code"], outside["other_code"]) == (GRID[4], COMMUNITY)
    assert same(outside["geometry"], square(2, 0, 0.1, 1))

    cut = {f["code"]: f for f in by_check["split_microgrids"]}
    assert sorted(cut) == [building(3, 1), building(3, 2)]
    assert cut[building(3, 1)]["other_code"] == f"{GRID[1]},{GRID[3]}"
    assert same(cut[building(3, 1)]["geometry"], building_box(3, 1))
    assert "building split between grids" in cut[building(3, 1)]["message"]
    assert "grids_without_member" not in by_check   # the four grids kept their codes and members


def test_a_new_grid_without_a_member_is_a_warning_with_its_polygon(conn):
    load_planning_world(conn)
    draft = _draft(conn, [(GRID[2], square(0, 0, 0.5, 1)), ("370212001001005", square(0.5, 0, 0.5, 1))])
    findings = live_findings(conn, draft, COMMUNITY)
    [lonely] = [f for f in findings if f["check"] == "grids_without_member"]
    assert (lonely["code"], lonely["severity"]) == ("370212001001005", "warning")
    assert same(lonely["geometry"], square(0.5, 0, 0.5, 1))
    assert findings[-1] is lonely    # errors first (the buildings the new line cuts)


def test_findings_are_scoped_to_the_community_and_geometry_is_geojson(conn):
    load_planning_world(conn)
    draft = _draft(conn, [(GRID[2], square(0, 0, 0.9, 1))])
    assert live_findings(conn, draft, "370212001002") == []
    [gap] = live_findings(conn, draft, COMMUNITY)
    assert gap["geometry"]["type"] == "Polygon"
    assert shapely.area(shape(gap["geometry"])) == pytest.approx(0.1 * 0.01 * 0.01, rel=1e-6)
