"""`boundaries check` on inline shapes: each rule broken once, by hand-checkable amounts."""
import pytest
from shapely.geometry import box

from grids.cells.boundaries import import_cells
from grids.cells.checks import has_errors, run_checks
from tests.shapes import UNIT, import_frame, load_two_by_two, square

# ~1 unit² ≈ 0.01° x 0.01° at 36°N ≈ 900 m x 1,110 m ≈ 1.0e6 m²; a tenth-unit strip ≈ 1.0e5 m².
STRIP_M2 = (90_000, 112_000)


def _by_check(findings, name):
    return [f for f in findings if f.check == name]


def test_a_clean_tiling_has_no_errors(conn):
    generation = load_two_by_two(conn)
    findings = run_checks(conn, generation)
    assert not has_errors(findings), findings


def test_gap_and_overlap_in_a_two_by_two_community(conn):
    grids = [
        {"code": "370212001001001", "geom": square(0, 1)},
        {"code": "370212001001002", "geom": square(0, 0, width=0.9)},      # leaves a strip uncovered
        {"code": "370212001001003", "geom": square(0.9, 1, width=1.1)},    # overlaps grid 001 by a strip
        {"code": "370212001001004", "geom": square(1, 0)},
    ]
    generation = load_two_by_two(conn, grids)
    findings = run_checks(conn, generation)

    gaps = _by_check(findings, "coverage_gaps")
    assert [g.code for g in gaps] == ["370212001001"]
    assert STRIP_M2[0] < gaps[0].area_m2 < STRIP_M2[1]
    assert gaps[0].location.startswith("POINT")
    overlaps = _by_check(findings, "basic_overlaps")
    assert [(o.code, o.other_code) for o in overlaps] == [("370212001001001", "370212001001003")]
    assert STRIP_M2[0] < overlaps[0].area_m2 < STRIP_M2[1]
    assert has_errors(findings)


def test_grid_crossing_its_community_is_reported_with_the_area_outside(conn):
    grids = [{"code": "370212001001001", "geom": square(0, 0, width=2.1, height=2)}]
    generation = load_two_by_two(conn, grids)
    outside = _by_check(run_checks(conn, generation), "outside_parent")
    assert [(f.code, f.other_code) for f in outside] == [("370212001001001", "370212001001")]
    assert 2 * STRIP_M2[0] < outside[0].area_m2 < 2 * STRIP_M2[1]


def test_building_split_between_grids(conn):
    generation = load_two_by_two(conn)
    x, y = 120.40 + UNIT * 0.95, 36.05 + UNIT * 0.2   # straddles the line between grids 002 and 004
    building = box(x, y, x + UNIT * 0.1, y + UNIT * 0.05)
    import_cells(conn, import_frame([{"code": "370212001001002001", "parent": "370212001001002",
                                      "geom": building}]), "microgrid", "building")
    split = _by_check(run_checks(conn, generation), "split_microgrids")
    assert [(f.code, f.other_code) for f in split] == [("370212001001002001", "370212001001002,370212001001004")]


def test_grids_without_member_are_warned_once_members_exist(conn):
    generation = load_two_by_two(conn)
    assert _by_check(run_checks(conn, generation), "grids_without_member") == []
    with conn.cursor() as cur:
        cur.execute("INSERT INTO person (name, role) VALUES ('张三', 'grid_member') RETURNING id")
        cur.execute("INSERT INTO person_cell VALUES (%s, '370212001001001')", (cur.fetchone()[0],))
    missing = _by_check(run_checks(conn, generation), "grids_without_member")
    assert [f.code for f in missing] == ["370212001001002", "370212001001003", "370212001001004"]
    assert all(f.severity == "warning" for f in missing)


@pytest.mark.parametrize("level, expected", [("grid", True), ("street", False)])
def test_level_filter_selects_the_checks_of_that_level(conn, level, expected):
    grids = [{"code": "370212001001001", "geom": square(0, 0, 2, 2)},
             {"code": "370212001001002", "geom": square(0, 0)}]
    generation = load_two_by_two(conn, grids)
    found = bool(_by_check(run_checks(conn, generation, level=level), "basic_overlaps"))
    assert found is expected


def test_a_community_without_basic_grids_is_one_gap_once_the_generation_has_grids(conn):
    generation = load_two_by_two(conn, grids=[])
    assert _by_check(run_checks(conn, generation), "coverage_gaps") == []    # not gridded yet
    import_cells(conn, import_frame([{"code": "370212001001901", "parent": "370212001001", "geom": square(0, 0)}]),
                 "grid", "dedicated")
    findings = run_checks(conn, generation)
    [gap] = _by_check(findings, "coverage_gaps")
    assert (gap.code, gap.severity) == ("370212001001", "error")
    assert 4 * STRIP_M2[0] * 10 < gap.area_m2 < 4 * STRIP_M2[1] * 10
    assert gap.message.startswith("community has no basic grids") and has_errors(findings)


# --- every level: overlaps of one level, children tiling their parent (issue 19) -----------------------

def test_two_districts_that_overlap_are_reported_with_both_codes_and_the_area(conn):
    report = import_cells(conn, import_frame([{"code": "370215", "geom": square(0, 0, 2, 2)},
                                              {"code": "370282", "geom": square(1.9, 0, 2, 2)}]), "district")
    [overlap] = _by_check(run_checks(conn, report.generation), "overlaps")
    assert (overlap.level, overlap.code, overlap.other_code, overlap.severity) == \
        ("district", "370215", "370282", "error")
    assert 2 * STRIP_M2[0] < overlap.area_m2 < 2 * STRIP_M2[1]
    assert overlap.message.startswith("overlaps district 370282 by ")


def test_overlapping_buildings_are_reported_adjacent_stairwells_are_not(conn):
    generation = load_two_by_two(conn)
    x, y = 120.40 + UNIT * 0.1, 36.05 + UNIT * 1.1          # inside grid 001
    buildings = [{"code": "370212001001001001", "parent": "370212001001001", "geom": box(x, y, x + 0.002, y + 0.002)},
                 {"code": "370212001001001002", "parent": "370212001001001",
                  "geom": box(x + 0.001, y, x + 0.003, y + 0.002)}]
    import_cells(conn, import_frame(buildings), "microgrid", "building")
    stairwells = [{"code": "37021200100100100101", "parent": "370212001001001001",
                   "geom": box(x, y, x + 0.001, y + 0.002)},
                  {"code": "37021200100100100102", "parent": "370212001001001001",
                   "geom": box(x + 0.001, y, x + 0.002, y + 0.002)}]
    import_cells(conn, import_frame(stairwells), "microgrid", "stairwell")
    overlaps = _by_check(run_checks(conn, generation, level="microgrid"), "overlaps")
    assert [(f.level, f.kind, f.code, f.other_code) for f in overlaps] == \
        [("microgrid", "building", "370212001001001001", "370212001001001002")]
    assert 15_000 < overlaps[0].area_m2 < 25_000     # 0.001° × 0.002° ≈ 90 m × 222 m


def test_a_dedicated_grid_over_basic_grids_is_no_overlap(conn):
    generation = load_two_by_two(conn)
    import_cells(conn, import_frame([{"code": "370212001001901", "parent": "370212001001",
                                      "geom": square(0.5, 0.5)}]), "grid", "dedicated")
    findings = run_checks(conn, generation)
    assert not _by_check(findings, "overlaps") and not _by_check(findings, "basic_overlaps")


def test_streets_tile_their_district(conn):
    import_cells(conn, import_frame([{"code": "370212", "geom": square(0, 0, 2, 2)}]), "district")
    report = import_cells(conn, import_frame([{"code": "370212001", "geom": square(0, 0, 1, 2)}]), "street")
    [gap] = _by_check(run_checks(conn, report.generation), "tiling_gaps")
    assert (gap.level, gap.code, gap.severity) == ("district", "370212", "error")
    assert 2 * 10 * STRIP_M2[0] < gap.area_m2 < 2 * 10 * STRIP_M2[1]
    assert gap.message.endswith("not covered by any of its streets")


def test_communities_tile_their_street_once_it_has_communities(conn):
    import_cells(conn, import_frame([{"code": "370212", "geom": square(0, 0, 3, 2)}]), "district")
    report = import_cells(conn, import_frame([{"code": "370212001", "geom": square(0, 0, 2, 2)},
                                              {"code": "370212002", "geom": square(2, 0, 1, 2)}]), "street")
    assert _by_check(run_checks(conn, report.generation), "tiling_gaps") == []   # no communities yet
    import_cells(conn, import_frame([{"code": "370212001001", "parent": "370212001", "geom": square(0, 0, 2, 1)}]),
                 "community")
    gaps = _by_check(run_checks(conn, report.generation, level="community"), "tiling_gaps")
    assert [(g.level, g.code) for g in gaps] == [("street", "370212001")]      # street 002: none loaded yet
    assert 2 * 10 * STRIP_M2[0] < gaps[0].area_m2 < 2 * 10 * STRIP_M2[1]
    assert gaps[0].message.endswith("not covered by any of its communities")
