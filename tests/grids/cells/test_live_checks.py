"""Live checks of a draft: each rule broken once on the planning world, found with its geometry, and
found alike by the publish gate."""
import pytest
import shapely
from shapely.geometry import shape

from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.cells.checks import has_errors, run_checks
from grids.cells.live_checks import MAP_CHECKS, live_findings
from grids.errors import PublishRefused
from grids.planning import publishing
from tests.planning import COMMUNITY, GRID, building, building_box, load_planning_world
from tests.shapes import import_frame, multi, square

EMPTY = "370212001002"   # a community the draft adds east of the 2×2 one, without any grid

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


def test_the_map_and_the_gate_find_the_same_problems(conn):
    load_planning_world(conn)
    draft = _draft(conn, [(GRID[1], square(0, 1, 1.2, 1)), (GRID[2], square(0, 0, 0.9, 1)),
                          (GRID[4], square(1, 0, 1.1, 1))])
    import_cells(conn, import_frame([{"parent": GRID[2], "geom": square(0.85, 0.4, 0.1, 0.1)}]),
                 "microgrid", "building")   # half in grid 002, half in the gap: outside its grid
    on_map = [(f["check"], f["severity"], f["code"], f["other_code"], f["area_m2"], f["message"])
              for f in live_findings(conn, draft)]
    at_gate = [(f.check, f.severity, f.code, f.other_code, f.area_m2, f.message)
               for f in run_checks(conn, draft) if f.check in {check.name for check in MAP_CHECKS}]
    assert on_map == at_gate
    assert {"basic_overlaps", "coverage_gaps", "outside_parent", "split_microgrids"} <= {f[0] for f in on_map}
    assert [f[3] for f in on_map if f[0] == "outside_parent"] == [GRID[2], COMMUNITY]   # a building, a grid
    community_map = live_findings(conn, draft, COMMUNITY)
    assert [f["code"] for f in community_map if f["check"] == "outside_parent"] == [f"{GRID[2]}005", GRID[4]]


def _add_a_community_without_grids(conn):
    """The draft widens the district and street to the east and adds community ``EMPTY`` there, no grid."""
    wide = square(0, 0, 3, 2)
    import_cells(conn, import_frame([{"code": "370212", "name": "区", "geom": wide}]), "district")
    import_cells(conn, import_frame([{"code": "370212001", "name": "街道", "geom": wide}]), "street")
    import_cells(conn, import_frame([{"code": EMPTY, "name": "新社区", "geom": square(2, 0, 1, 2)}]), "community")
    return generations.draft_generation(conn)


def test_a_community_without_basic_grids_is_an_error_on_the_map_and_at_the_publish_gate(conn):
    accounts = load_planning_world(conn)
    draft = _add_a_community_without_grids(conn)

    on_map = live_findings(conn, draft, EMPTY)
    findings = run_checks(conn, draft)
    at_gate = [f for f in findings if f.code == EMPTY]
    assert [(f["check"], f["severity"]) for f in on_map] == [(f.check, f.severity) for f in at_gate] \
        == [("coverage_gaps", "error")]
    assert on_map[0]["message"] == at_gate[0].message and at_gate[0].message.startswith("community has no basic grids")
    assert same(on_map[0]["geometry"], square(2, 0, 1, 2))
    assert has_errors(findings) and [f.code for f in findings if f.severity == "error"] == [EMPTY]

    publishing.submit(conn, by=accounts["p1"], expected_revision=0)
    publishing.approve(conn, by=accounts["p2"], expected_revision=0)
    with pytest.raises(PublishRefused) as refused:
        publishing.publish(conn, by=accounts["p1"], expected_revision=0)
    assert refused.value.findings == [f"coverage_gaps {EMPTY}: {at_gate[0].message}"]
    assert generations.current_generation(conn) == 1
