"""Boundary generations: a changed cell gets a new row; every published version stays queryable."""
import pytest

from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.cells.store import cell_versions, cells_as_of
from grids.errors import GenerationError
from tests.shapes import import_frame, load_two_by_two, square


def _grid_areas(conn, generation):
    grids = cells_as_of(conn, generation, level="grid")
    return dict(zip(grids["code"], grids["area_m2"]))


def test_second_generation_changes_one_grid_and_both_versions_stay_queryable(conn):
    first = load_two_by_two(conn)
    generations.publish(conn)
    before = _grid_areas(conn, first)

    second = generations.open_draft(conn, "grid 001 grows")
    report = import_cells(conn, import_frame([
        {"code": "370212001001001", "geom": square(0, 1, width=1.5)}]), "grid", "basic")
    generations.publish(conn)

    assert second == first + 1 and report.changed == 1 and report.added == 0
    after = _grid_areas(conn, second)
    assert set(after) == set(before)
    assert after["370212001001001"] == pytest.approx(1.5 * before["370212001001001"], rel=1e-3)
    assert _grid_areas(conn, first) == before                       # "as of" the first generation
    versions = cell_versions(conn, "370212001001001")
    assert [(v["generation_low"], v["generation_high"]) for v in versions] == [(first, first), (second, None)]
    unchanged = cell_versions(conn, "370212001001002")
    assert [(v["generation_low"], v["generation_high"]) for v in unchanged] == [(first, None)]
    assert generations.current_generation(conn) == second


def test_reimporting_the_same_cells_changes_nothing(conn):
    load_two_by_two(conn)
    generations.publish(conn)
    generations.open_draft(conn)
    again = import_cells(conn, import_frame([{"code": "370212001001", "name": "社区", "geom": square(0, 0, 2, 2)}]),
                         "community")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 1)


def test_a_draft_cell_is_edited_in_place_and_discarding_restores_the_published_rows(conn):
    first = load_two_by_two(conn)
    generations.publish(conn)
    draft = generations.open_draft(conn)
    for width in (1.2, 1.4):
        import_cells(conn, import_frame([{"code": "370212001001001", "geom": square(0, 1, width=width)}]),
                     "grid", "basic")
    assert len(cell_versions(conn, "370212001001001")) == 2          # published + one draft row
    generations.discard_draft(conn)
    versions = cell_versions(conn, "370212001001001")
    assert [(v["generation_low"], v["generation_high"]) for v in versions] == [(first, None)]
    assert generations.draft_generation(conn) is None and draft == first + 1


def test_published_generations_are_never_written(conn):
    from grids.cells.store import merge_stage

    first = load_two_by_two(conn)
    generations.publish(conn)
    with pytest.raises(GenerationError, match="published"):
        merge_stage(conn, first)


def test_resolve_names_and_numbers(conn):
    first = load_two_by_two(conn)
    assert generations.resolve(conn) == first and generations.resolve(conn, "draft") == first
    with pytest.raises(GenerationError):
        generations.resolve(conn, "current")
    generations.publish(conn)
    assert generations.resolve(conn, "current") == first == generations.resolve(conn, str(first))
    with pytest.raises(GenerationError):
        generations.resolve(conn, "99")
