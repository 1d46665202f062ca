"""The address register and the gazetteer from an office's files: lines attached by code or by point,
skipped lines reported, updates keeping what they replace, refusals naming the row and field; place
names and compounds' other names used by the address matcher; the dedicated grids' own names."""
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from etl.address_file import export_address_file, import_address_file, import_place_file, write_unmatched
from etl.incidents.importing import Intake
from gis.errors import InputFileError
from grids.addresses.gazetteer import current_places, dedicated_grid_places
from grids.addresses.register import register_history
from grids.errors import ImportRefused
from tests.cases import GRID
from tests.member_world import B1, B1_BOX, B1U1, B2, load_member_world
from tests.shapes import ORIGIN, UNIT

COLUMNS = ["街路巷", "门牌号", "小区", "楼栋号", "单元号", "地址编码", "微网格编码", "经度", "纬度"]


def _at(col, row):
    return ORIGIN[0] + col * UNIT, ORIGIN[1] + row * UNIT


B1_ONLY = _at(B1_BOX[0] + 0.75 * B1_BOX[2], B1_BOX[1] + 0.5 * B1_BOX[3])      # in B1, beside its stairwell
IN_B1U1 = _at(B1_BOX[0] + 0.25 * B1_BOX[2], B1_BOX[1] + 0.5 * B1_BOX[3])
IN_B2 = _at(0.35, 0.35)
NOWHERE = _at(0.9, 0.9)                                                         # grid 002, no building


@pytest.fixture
def world(conn):
    load_member_world(conn)
    with conn.cursor() as cur:
        cur.execute("DELETE FROM standard_address")


def _register(path, rows, encoding="gbk"):
    pd.DataFrame(rows, columns=COLUMNS).to_csv(path, index=False, encoding=encoding)
    return path


def _lines(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT cell_code, compound, door_number, building_number, unit, full_address, address_code "
                    "FROM standard_address ORDER BY cell_code")
        return cur.fetchall()


def test_lines_find_their_micro_grid_by_code_or_point_and_the_rest_is_reported(conn, world, tmp_path):
    path = _register(tmp_path / "标准地址.csv", [
        ["秦岭路", "248", "海湾名邸", "1", "", "A001", "", *B1_ONLY],            # by point: the building
        ["秦岭路", "248", "海湾名邸", "1", "1", "A002", "", *IN_B1U1],           # a unit: the stairwell there
        ["秦岭路", "248", "海湾名邸", "1", "1", "A003", "", *IN_B1U1],           # a room's line: the same unit
        ["海口路", "7号", "石老人", "3号楼", "", "A004", B2, "", ""],            # by code
        ["海口路", "9", "石老人", "5", "", "A005", "", *NOWHERE],               # a point in no building
        ["海口路", "11", "石老人", "6", "", "A006", "37029999", "", ""],         # a code of no micro-grid
        ["海口路", "13", "石老人", "7", "", "A007", "", "", ""],                 # nothing to attach by
        ["秦岭路", "250", "海湾名邸", "1", "", "A008", "", *B1_ONLY],            # B1 again, another address
    ])
    report = import_address_file(conn, path)
    assert (report["rows"], report["lines"], report["added"]) == (8, 3, 3)
    assert report["attached"] == {"by_code": 1, "by_point": 4}
    assert [(s["row"], s["reason"]) for s in report["skipped_rows"]] == [
        (6, "no building at the point"),
        (7, "cell code 37029999 is no building or stairwell of generation 1"),
        (8, "neither a cell code nor a point"),
        (9, f"micro-grid {B1} has another address in row 2")]
    assert _lines(conn) == [
        (B1, "海湾名邸", "248号", "1号楼", None, "秦岭路248号 海湾名邸1号楼", "A001"),
        (B1U1, "海湾名邸", "248号", "1号楼", "1单元", "秦岭路248号 海湾名邸1号楼1单元", "A002"),
        (B2, "石老人", "7号", "3号楼", None, "海口路7号 石老人3号楼", "A004")]
    write_unmatched(report, tmp_path / "unmatched.csv")
    unmatched = pd.read_csv(tmp_path / "unmatched.csv", encoding="utf-8-sig", dtype=str)
    assert unmatched["行号"].tolist() == ["6", "7", "8", "9"]


def test_an_update_keeps_the_lines_it_replaces(conn, world, tmp_path):
    first = _register(tmp_path / "v1.csv", [["秦岭路", "248", "海湾名邸", "1", "", "", B1, "", ""],
                                            ["海口路", "7", "石老人", "3", "", "", B2, "", ""]])
    import_address_file(conn, first)
    second = _register(tmp_path / "v2.csv", [
        ["秦岭路", "248", "海湾名邸东区", "1", "", "", B1, "", ""],
        ["海口路", "7", "石老人", "3", "", "", B2, "", ""]], encoding="utf-8")
    report = import_address_file(conn, second)
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 1, 1)
    assert _lines(conn)[0][1] == "海湾名邸东区"
    history = register_history(conn, B1)
    assert [(h["compound"], h["full_address"]) for h in history] == [("海湾名邸", "秦岭路248号 海湾名邸1号楼")]
    assert history[0]["source"].endswith("v2.csv") and register_history(conn, B2) == []


def test_geopackage_points_and_the_export_round_trip(conn, world, tmp_path):
    frame = gpd.GeoDataFrame({"路名": ["秦岭路", "海口路"], "门牌号": [248.0, 7.0], "小区名称": ["海湾名邸", "石老人"],
                              "楼号": [1, 3]}, geometry=[Point(*B1_ONLY), Point(*IN_B2)], crs="EPSG:4326")
    frame.to_file(tmp_path / "register.gpkg", driver="GPKG")
    report = import_address_file(conn, tmp_path / "register.gpkg")         # numbers as a DBF holds them
    assert report["attached"] == {"by_code": 0, "by_point": 2} and report["added"] == 2
    assert [line[2:4] for line in _lines(conn)] == [("248号", "1号楼"), ("7号", "3号楼")]
    exported = export_address_file(conn, tmp_path / "out.csv")
    assert exported["addresses"] == 2
    again = import_address_file(conn, tmp_path / "out.csv")
    assert (again["attached"]["by_code"], again["unchanged"]) == (2, 2)


@pytest.mark.parametrize("rows, problem", [
    ([["秦岭路", "248", "", "", "", "", "", "120.4x", "36.1"]], "row 2: x/y: ('120.4x', '36.1') is not a pair of numbers"),
    ([["", "", "", "", "", "A1", B1, "", ""]], "row 2: address: the line has no address part"),
    ([["路" * 200, "248", "", "", "", "", B1, "", ""]], "row 2: road: has 200 characters; at most 100"),
])
def test_a_bad_row_refuses_the_file_naming_row_and_field(conn, world, tmp_path, rows, problem):
    path = _register(tmp_path / "bad.csv", rows)
    with pytest.raises(ImportRefused) as refused:
        import_address_file(conn, path)
    assert refused.value.problems[0].startswith(problem) and refused.value.context["file"] == str(path)
    assert _lines(conn) == []


def test_a_file_without_address_columns_is_refused_by_name(conn, world, tmp_path):
    path = tmp_path / "people.csv"
    pd.DataFrame({"姓名": ["张三"]}).to_csv(path, index=False)
    with pytest.raises(InputFileError, match="no address column"):
        import_address_file(conn, path)


def _places(path, rows):
    pd.DataFrame(rows, columns=["名称", "类别", "网格编码", "小区", "经度", "纬度"]).to_csv(path, index=False)
    return path


def test_place_names_and_other_names_place_tickets(conn, world, tmp_path):
    import_address_file(conn, _register(tmp_path / "r.csv", [
        ["秦岭路", "248", "海湾名邸", "1", "", "", B1, "", ""], ["秦岭路", "248", "海湾名邸", "1", "1", "", B1U1, "", ""]]))
    report = import_place_file(conn, _places(tmp_path / "地名.csv", [
        ["崂山实验学校", "学校", GRID[3], "", "", ""],
        ["石老人公园", "公园", "", "", *_at(1.5, 0.5)],                         # a point in grid 004
        ["海湾小区", "小区别名", "", "海湾名邸", "", ""]]))
    assert (report["names"], report["added"]) == (3, 3)
    register = Intake(conn).register
    school, park, alias = (register.match_one(t) for t in ("崂山实验学校门口", "青岛市崂山区石老人公园内", "海湾小区1号楼1单元"))
    assert (school.level, school.cell_codes, school.method) == ("place", (GRID[3],), "address_exact")
    assert (park.level, park.cell_codes) == ("place", (GRID[4],))
    assert (alias.level, alias.cell_codes) == ("stairwell", (B1U1,))

    again = import_place_file(conn, _places(tmp_path / "地名2.csv", [["崂山实验学校", "学校", GRID[1], "", "", ""]]))
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 1, 0)
    assert {p["name"]: p["cell_code"] for p in current_places(conn)}["崂山实验学校"] == GRID[1]
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM place_name WHERE name = '崂山实验学校' AND retired_at IS NOT NULL")
        assert cur.fetchone()[0] == 1


def test_a_bad_gazetteer_writes_nothing(conn, world, tmp_path):
    path = _places(tmp_path / "bad.csv", [
        ["崂山实验学校", "学校", "3702129999", "", "", ""],
        ["市场", "市场", GRID[1], "", "", ""],
        ["海湾小区", "小区别名", "", "不存在的小区", "", ""],
        ["远方公园", "公园", "", "", "121.9", "30.1"],
        ["崂山一中", "学校", GRID[1], "", "", ""],
        ["崂山一中", "学校", GRID[2], "", "", ""]])
    with pytest.raises(ImportRefused) as refused:
        import_place_file(conn, path)
    assert refused.value.problems == [
        "row 2: cell_code: '3702129999' is no cell of the working generation",
        "row 3: name: '市场' is shorter than 3 characters and would match inside other words",
        "row 4: compound: '不存在的小区' is no compound of the address register",
        "row 5: point: (121.900000, 30.100000) lies in no cell",
        "row 7: name: 崂山一中 means something else in row 6"]
    assert current_places(conn) == []


def test_a_dedicated_grid_names_its_place():
    assert dedicated_grid_places({"a": "中韩农贸市场专属网格", "b": "科技园网格", "c": "站", "d": None}) == {
        "中韩农贸市场": "a", "科技园": "b"}
