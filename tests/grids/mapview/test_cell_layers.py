"""The map's cells: a level picked by subtree, bbox and kind from its cached, serialized form; outlines."""
import json

import pytest

from grids.mapview import cell_layers
from tests.cases import COMMUNITY, DISTRICT, GRID
from tests.map_world import BUILDINGS, DEDICATED, STAIRWELL, load_map_world
from tests.shapes import ORIGIN, UNIT

WHOLE = (ORIGIN[0], ORIGIN[1], ORIGIN[0] + 2 * UNIT, ORIGIN[1] + 2 * UNIT)


@pytest.fixture
def world(conn):
    load_map_world(conn)
    return conn


def _codes(cells, chosen):
    return sorted(cells.codes[i] for i in chosen)


def test_a_subtree_is_a_slice_of_the_sorted_codes(world):
    micro = cell_layers.level_cells(world, "microgrid")
    assert _codes(micro, micro.select((DISTRICT,))) == sorted([*BUILDINGS.values(), STAIRWELL])
    assert _codes(micro, micro.select((GRID[1],))) == sorted([BUILDINGS["B1"], BUILDINGS["B2"], STAIRWELL])
    assert _codes(micro, micro.select((DISTRICT,), within=GRID[2])) == [BUILDINGS["B3"]]
    # `within` above the scope (the breadcrumb's way up) keeps the scope
    assert _codes(micro, micro.select((GRID[2],), within=COMMUNITY)) == [BUILDINGS["B3"]]
    assert _codes(micro, micro.select((GRID[2],), within=GRID[1])) == []
    assert _codes(micro, micro.select((GRID[1], GRID[1]))) == _codes(micro, micro.select((GRID[1],)))


def test_a_bbox_keeps_the_cells_it_meets_and_kind_picks_dedicated_grids(world):
    micro = cell_layers.level_cells(world, "microgrid")
    south_west = (ORIGIN[0], ORIGIN[1], ORIGIN[0] + UNIT, ORIGIN[1] + UNIT)
    assert _codes(micro, micro.select((DISTRICT,), bbox=south_west)) == [BUILDINGS["B3"]]
    grids = cell_layers.level_cells(world, "grid")
    assert _codes(grids, grids.select((DISTRICT,), kind="dedicated")) == [DEDICATED]
    assert len(grids.select((DISTRICT,), kind="basic")) == 4


def test_a_level_is_read_once_per_generation(world):
    assert cell_layers.level_cells(world, "grid") is cell_layers.level_cells(world, "grid")


def test_outlines_carry_code_name_and_kind_only_and_say_when_cut(world):
    body = json.loads(cell_layers.outlines(world, "microgrid", (DISTRICT,), WHOLE))
    assert body["type"] == "FeatureCollection" and body["truncated"] is False
    assert {f["id"] for f in body["features"]} == {*BUILDINGS.values(), STAIRWELL}
    b1 = next(f for f in body["features"] if f["id"] == BUILDINGS["B1"])
    assert b1["properties"] == {"code": BUILDINGS["B1"], "name": "1号楼", "kind": "building"}
    assert b1["geometry"]["type"] in ("Polygon", "MultiPolygon")
    cut = json.loads(cell_layers.outlines(world, "microgrid", (DISTRICT,), WHOLE, limit=2))
    assert len(cut["features"]) == 2 and cut["truncated"] is True
    dedicated = json.loads(cell_layers.outlines(world, "grid", (DISTRICT,), WHOLE, kind="dedicated"))
    assert [f["id"] for f in dedicated["features"]] == [DEDICATED]
