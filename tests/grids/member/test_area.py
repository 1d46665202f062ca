"""A grid member's area: their grid, its buildings and stairwells with addresses, households and heads."""
import json

import shapely

from grids.member.area import member_area
from tests.cases import GRID
from tests.member_world import B1, B1U1, load_member_world
from tests.shapes import square


def test_the_area_is_the_members_grid_with_its_micro_grids(conn):
    load_member_world(conn)
    area = member_area(conn, (GRID[1],))
    assert [f["id"] for f in area["grids"]["features"]] == [GRID[1]]
    micro = {f["id"]: f["properties"] for f in area["microgrids"]["features"]}
    assert set(micro) == {B1, B1U1}
    assert (micro[B1]["kind"], micro[B1]["households"], micro[B1]["full_address"]) == (
        "building", 24, "青岛市崂山区秦岭路248号 海湾名邸1号楼")
    assert (micro[B1U1]["parent_code"], micro[B1U1]["unit"]) == (B1, "1单元")
    assert micro[B1]["heads"] == [{"name": "楼长甲", "phone": "13800000001"}]      # the member calls them
    assert micro[B1U1]["heads"] == [{"name": "楼道长乙", "phone": "13800000002"}]
    grid = shapely.from_geojson(json.dumps(area["grids"]["features"][0]["geometry"]))
    assert grid.normalize().equals_exact(shapely.MultiPolygon([square(0, 1)]).normalize(), tolerance=1e-6)


def test_another_grids_people_never_come_along(conn):
    load_member_world(conn)
    text = json.dumps(member_area(conn, (GRID[1],)), ensure_ascii=False)
    assert "楼长丙" not in text and "13800000003" not in text and GRID[2] not in text
    assert member_area(conn, ())["grids"]["features"] == []
