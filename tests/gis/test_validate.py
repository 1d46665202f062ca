"""gis.validate: reasons for invalid geometries, explicit repair, MultiPolygon normalisation."""
import pytest
import shapely

from gis.errors import InvalidGeometryError
from gis.validate import as_multipolygon, invalid_reasons, repair

# Hand-checkable shapes near Qingdao, in lon/lat (0.01° ≈ 1 km).
SQUARE = shapely.box(120.47, 36.10, 120.48, 36.11)
BOW_TIE = shapely.from_wkt("POLYGON((120.47 36.10, 120.48 36.11, 120.48 36.10, 120.47 36.11, 120.47 36.10))")
HOLE_OUTSIDE = shapely.Polygon(SQUARE.exterior.coords,
                               holes=[[(120.49, 36.10), (120.495, 36.10), (120.495, 36.105)]])
OVERLAPPING = shapely.MultiPolygon([SQUARE, shapely.box(120.475, 36.105, 120.485, 36.115)])
LINE = shapely.LineString([(120.47, 36.10), (120.48, 36.11)])
LINE_AND_SQUARE = shapely.GeometryCollection([LINE, SQUARE])
TWO_SQUARES = shapely.GeometryCollection([SQUARE, shapely.box(120.49, 36.10, 120.50, 36.11)])


@pytest.mark.parametrize("geom, expected", [
    (SQUARE, None),
    (shapely.MultiPolygon([SQUARE]), None),
    (TWO_SQUARES, None),
    (BOW_TIE, "Self-intersection[120.475 36.105]"),
    (HOLE_OUTSIDE, "Hole lies outside shell"),
    (OVERLAPPING, "Self-intersection"),
    (None, "missing geometry"),
    (shapely.Polygon(), "empty geometry (Polygon)"),
    (LINE, "not polygonal: LineString"),
    (LINE_AND_SQUARE, "not polygonal: GeometryCollection of LineString, Polygon"),
    (shapely.GeometryCollection([SQUARE, BOW_TIE]), "Self-intersection"),
])
def test_invalid_reasons_explain_each_case(geom, expected):
    problems = invalid_reasons([SQUARE, geom])
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0][0] == 1 and problems[0][1].startswith(expected)


def test_invalid_reasons_name_every_bad_index():
    problems = invalid_reasons([BOW_TIE, SQUARE, None, SQUARE, LINE])
    assert [index for index, _ in problems] == [0, 2, 4]
    assert "self-intersection" in problems[0][1].lower()


def test_repair_bow_tie_gives_a_valid_multipolygon_and_says_so():
    fixed, description = repair(BOW_TIE)
    assert fixed.geom_type == "MultiPolygon" and fixed.is_valid and len(fixed.geoms) == 2
    assert fixed.area == pytest.approx(SQUARE.area / 2)
    assert description.startswith("Self-intersection[120.475 36.105]")
    assert "structure" in description and "2 polygon(s)" in description and "dropped" not in description


def test_repair_keeps_the_polygonal_part_of_a_collection():
    fixed, description = repair(LINE_AND_SQUARE)
    assert fixed.equals(shapely.MultiPolygon([SQUARE]))
    assert "dropped 1 non-polygonal part(s) (LineString)" in description


def test_repair_keeps_the_area_of_overlapping_parts():
    fixed, description = repair(OVERLAPPING)
    assert fixed.is_valid and fixed.area == pytest.approx(shapely.union_all(OVERLAPPING.geoms).area)
    assert "m²" in description


@pytest.mark.parametrize("geom, says", [
    (None, "missing geometry"),
    (shapely.Polygon(), "empty geometry"),
    (LINE, "no area remains"),
])
def test_repair_refuses_what_has_no_area(geom, says):
    with pytest.raises(InvalidGeometryError) as caught:
        repair(geom)
    assert says in caught.value.message


@pytest.mark.parametrize("geom, parts", [
    (SQUARE, 1),
    (shapely.MultiPolygon([SQUARE]), 1),
    (TWO_SQUARES, 2),
    (shapely.GeometryCollection([shapely.MultiPolygon([SQUARE]), shapely.GeometryCollection([BOW_TIE])]), 2),
])
def test_as_multipolygon(geom, parts):
    multi = as_multipolygon(geom)
    assert multi.geom_type == "MultiPolygon" and len(multi.geoms) == parts


@pytest.mark.parametrize("geom", [None, shapely.Polygon(), LINE, LINE_AND_SQUARE, shapely.Point(120.47, 36.1)])
def test_as_multipolygon_refuses_what_is_not_polygonal(geom):
    with pytest.raises(InvalidGeometryError):
        as_multipolygon(geom)
