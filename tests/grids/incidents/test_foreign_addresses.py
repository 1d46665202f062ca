"""An address that starts with somewhere else is never placed here, however much of the rest names a
local compound; the district's old name (即墨市 for 即墨区) and its own city and province still match;
roads named after cities (香港东路, 深圳路 — Qingdao's habit) are roads, not other places.

The register is a small 即墨区 (370215, a district since 2017, 即墨市 370282 before): the national list
(cpca's, 2020) knows only the old name, so the old-name rule must work from the store's own names too."""
import pandas as pd
import pytest

from grids.incidents.address_match import AddressRegister

STREET = "370215001"
ADDRESSES = pd.DataFrame([
    # cell_code, kind, parent_code, compound, road, door, building, unit, full address
    ("B1", "building", "G1", "海信花园", "烟青路", "100号", "1号楼", None, "即墨区烟青路100号 海信花园1号楼"),
    ("B1U2", "stairwell", "B1", "海信花园", "烟青路", "100号", "1号楼", "2单元", "即墨区烟青路100号 海信花园1号楼2单元"),
    ("B2", "building", "G1", "海信花园", "烟青路", "100号", "2号楼", None, "即墨区烟青路100号 海信花园2号楼"),
    ("B3", "building", "G2", "鹤山花园", "鹤山路", "8号", "3号楼", None, "即墨区鹤山路8号 鹤山花园3号楼"),
    ("B4", "building", "G2", "蓝色海湾", "香港东路", "188号", "5号楼", None, "即墨区香港东路188号 蓝色海湾5号楼"),
    ("B5", "building", "G2", "万科城", "深圳路", "66号", "6号楼", None, "即墨区深圳路66号 万科城6号楼"),
], columns=["cell_code", "kind", "parent_code", "compound", "road", "door_number", "building_number", "unit",
            "full_address"])
PLACES = pd.DataFrame([("district", "370215", "即墨区"), ("street", STREET, "通济街道"),
                       ("community", "370215001001", "新兴社区"), ("city", "3702", "青岛市"),
                       ("province", "37", "山东省")], columns=["level", "code", "name"])

FOREIGN = [
    "北京市朝阳区海信花园1号楼", "北京朝阳区海信花园2号楼", "上海市浦东新区海信花园1号楼", "上海浦东新区鹤山花园3号楼",
    "济南市历下区海信花园2号楼", "济南市海信花园", "山东省济南市历下区海信花园1号楼", "I市海信花园1号楼",
    "J市鹤山花园3号楼", "AB区海信花园", "青岛市崂山区海信花园1号楼", "青岛市市南区鹤山花园3号楼", "市北区海信花园",
    "青岛市黄岛区蓝色海湾5号楼", "城阳区鹤山花园", "李沧区万科城6号楼", "胶州市海信花园1号楼", "平度市鹤山花园",
    "莱西市海信花园2号楼", "烟台市莱山区海信花园", "山东省烟台市海信花园1号楼", "潍坊市奎文区鹤山花园",
    "临沂市兰山区万科城6号楼", "淄博市张店区海信花园", "威海市环翠区蓝色海湾", "日照市东港区海信花园1号楼",
    "江苏省南京市鼓楼区海信花园", "杭州市西湖区海信花园1号楼", "广东省深圳市南山区万科城6号楼", "深圳市南山区万科城",
    "天津市和平区海信花园", "重庆市渝中区鹤山花园", "成都市武侯区海信花园2号楼", "武汉市江汉区海信花园",
    "西安市雁塔区蓝色海湾", "河北省石家庄市海信花园1号楼",
]
OLD_NAME_PREFIXES = ["即墨市", "青岛市即墨市", "山东省青岛市即墨市", "山东省即墨市", "山东青岛即墨市", "即墨市通济街道"]
LOCAL_BODIES = [("海信花园1号楼", "B1"), ("烟青路100号海信花园1号楼2单元", "B1U2"), ("海信花园2号楼", "B2"),
                ("鹤山路8号鹤山花园3号楼", "B3"), ("万科城6号楼", "B5")]
LOCAL = [(prefix + body, cell) for prefix in OLD_NAME_PREFIXES for body, cell in LOCAL_BODIES]


@pytest.fixture(scope="module")
def register():
    return AddressRegister.build(ADDRESSES, PLACES)


@pytest.mark.parametrize("text", FOREIGN)
def test_an_address_somewhere_else_is_not_placed_here(register, text):
    match = register.match_one(text)
    assert (match.level, match.reason, match.cell_codes) == (None, "address in another place", ())


@pytest.mark.parametrize("text, cell", LOCAL)
def test_the_old_name_of_the_district_still_matches(register, text, cell):
    match = register.match_one(text)
    assert (match.cell_codes, match.reason) == ((cell,), None), match


@pytest.mark.parametrize("text, cell", [("香港东路188号蓝色海湾5号楼", "B4"), ("青岛市即墨区深圳路66号万科城6号楼", "B5"),
                                        ("山东青岛即墨区香港东路188号5号楼", "B4"), ("即墨区鹤山花园3号楼", "B3")])
def test_roads_named_after_cities_and_the_new_name_match(register, text, cell):
    assert register.match_one(text).cell_codes == (cell,)


def test_the_tables_are_as_large_as_the_issue_asks():
    assert len(FOREIGN) >= 30 and len(LOCAL) >= 30
