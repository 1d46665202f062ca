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
