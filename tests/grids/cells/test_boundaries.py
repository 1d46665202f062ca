"""Importing a set of cells: parents, generated codes, refusals that write nothing, repairs."""
import pytest
from shapely.geometry import Polygon, box

from grids.cells.boundaries import import_cells
from grids.cells.store import cells_as_of
from grids.errors import ImportRefused
from tests.shapes import UNIT, import_frame, load_two_by_two, square

BOWTIE = Polygon([(120.40, 36.05), (120.41, 36.06), (120.41, 36.05), (120.40, 36.06)])


def _count(conn, level):
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM cell WHERE level = %s", (level,))
        return cur.fetchone()[0]


def test_parents_found_by_largest_overlap_and_codes_generated_west_to_east_north_to_south(conn):
    generation = load_two_by_two(conn, grids=[])
    rows = [{"name": n, "geom": square(c, r)} for n, (c, r) in
            {"NE": (1, 1), "SW": (0, 0), "NW": (0, 1), "SE": (1, 0)}.items()]
    report = import_cells(conn, import_frame(rows), "grid", "basic")
    grids = cells_as_of(conn, generation, level="grid").set_index("name")
    assert report.parents_by_overlap == 4 and set(grids["parent_code"]) == {"370212001001"}
    assert grids.loc[["NW", "SW", "NE", "SE"], "code"].tolist() == [
        "370212001001001", "370212001001002", "370212001001003", "370212001001004"]


def test_generated_codes_continue_after_the_serials_in_use(conn):
    load_two_by_two(conn, grids=[{"code": "370212001001007", "geom": square(0, 0)}])
    report = import_cells(conn, import_frame([{"name": "new", "geom": square(1, 1)}]), "grid", "basic")
    assert report.codes_generated == ["feature 0: 370212001001008"]


def test_dedicated_grids_get_serials_from_901(conn):
    generation = load_two_by_two(conn)
    import_cells(conn, import_frame([{"name": "园区", "geom": square(0.2, 0.2, 0.5, 0.5)}]), "grid", "dedicated")
    dedicated = cells_as_of(conn, generation, level="grid", kind="dedicated")
    assert dedicated["code"].tolist() == ["370212001001901"]


def test_a_cell_outside_every_parent_is_imported_and_reported(conn):
    load_two_by_two(conn, grids=[])
    far = box(121.0, 37.0, 121.01, 37.01)
    report = import_cells(conn, import_frame([{"code": "370212001002", "name": "远方社区", "geom": far}]),
                          "community")
    assert report.added == 1 and len(report.without_parent) == 1
    assert "feature 0" in report.without_parent[0]


def test_unknown_parent_code_falls_back_to_overlap_with_a_warning(conn):
    load_two_by_two(conn, grids=[])
    report = import_cells(conn, import_frame([{"code": "370212001001001", "parent": "999",
                                               "geom": square(0, 0)}]), "grid", "basic")
    assert report.parents_by_overlap == 1 and "999" in report.warnings[0]


def test_invalid_geometry_refuses_the_whole_import_naming_the_feature(conn):
    load_two_by_two(conn, grids=[])
    rows = [{"code": "370212001001001", "geom": square(0, 0)},
            {"code": "370212001001002", "id": "bad-one", "geom": BOWTIE}]
    with pytest.raises(ImportRefused) as refused:
        import_cells(conn, import_frame(rows), "grid", "basic")
    assert "feature 1 (id bad-one)" in refused.value.problems[0]
    assert "self-intersection" in refused.value.problems[0].lower()
    assert _count(conn, "grid") == 0


def test_repair_makes_the_geometry_valid_and_reports_it(conn):
    load_two_by_two(conn, grids=[])
    report = import_cells(conn, import_frame([{"code": "370212001001002", "geom": BOWTIE}]), "grid", "basic",
                          repair=True)
    assert report.added == 1 and len(report.repairs) == 1 and "feature 0" in report.repairs[0]


def test_duplicate_and_missing_administrative_codes_are_refused_together(conn):
    load_two_by_two(conn, grids=[])
    rows = [{"code": "370212001002", "geom": square(0, 0)}, {"code": "370212001002", "geom": square(1, 0)},
            {"name": "无编码社区", "geom": square(0, 1)}]
    with pytest.raises(ImportRefused) as refused:
        import_cells(conn, import_frame(rows), "community")
    problems = "\n".join(refused.value.problems)
    assert "appears 2 times" in problems and "feature 2: code: missing" in problems


def test_a_code_of_another_level_breaks_the_code_rule_and_is_refused(conn):
    load_two_by_two(conn)
    x = 120.40 + UNIT * 0.1
    with pytest.raises(ImportRefused, match="break the code rule") as refused:
        import_cells(conn, import_frame([{"code": "370212001001001", "parent": "370212001001001",
                                          "geom": box(x, 36.051, x + 0.001, 36.052)}]), "microgrid", "building")
    assert refused.value.problems == [
        "feature 0 (370212001001001): code 370212001001001 has 15 digits; building micro-grid codes have 18"]


def test_a_geometry_that_cannot_be_repaired_is_named(conn):
    from shapely.geometry import LineString

    load_two_by_two(conn, grids=[])
    rows = [{"code": "370212001001001", "id": "line-7", "geom": LineString([(120.40, 36.05), (120.41, 36.06)])}]
    with pytest.raises(ImportRefused, match="cannot be repaired") as refused:
        import_cells(conn, import_frame(rows), "grid", "basic", repair=True)
    assert refused.value.problems[0].startswith("feature 0 (id line-7): geometry:")
