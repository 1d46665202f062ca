"""People files: Chinese headers and roles in GBK CSV and xlsx, refusals that name the row, masked exports."""
import pandas as pd
import pytest

from etl.people_file import export_people_file, import_people_file
from gis.errors import InputFileError
from grids.errors import ImportRefused
from grids.people.roster import find_person, list_people
from tests.cases import COMMUNITY, GRID, load_world

CHINESE = ("工号,姓名,联系电话,岗位,负责网格,负责类别\n"
           f"W1,王网格,13800001111,网格员,{GRID[4]},\n"
           f"W2,李楼长,13800002222,楼长,,\n"
           f"W3,赵社区,0532-88886666,社区工作人员,{COMMUNITY},\n"
           f"W4,城管执法,,部门,,T101、T102\n")


@pytest.fixture
def world(conn):
    return load_world(conn)


def test_a_gbk_csv_with_chinese_headers_and_roles(conn, world, tmp_path):
    path = tmp_path / "花名册.csv"
    path.write_bytes(CHINESE.encode("gbk"))
    report = import_people_file(conn, path)
    assert (report["people"], report["added"], report["updated"]) == (4, 4, 0)
    assert [(p["code"], p["role"], p["cells"], p["categories"]) for p in list_people(conn) if p["code"][0] == "W"] == [
        ("W2", "building_head", [], []), ("W3", "community_staff", [COMMUNITY], []),
        ("W4", "department", [], ["T101", "T102"]), ("W1", "grid_member", [GRID[4]], [])]
    assert find_person(conn, "W3")["phone"] == "0532-88886666"


def test_an_xlsx_file_updates_by_code(conn, world, tmp_path):
    path = tmp_path / "people.xlsx"
    pd.DataFrame({"code": ["M1", "N1"], "name": ["网格员甲", "新人"], "role": ["grid_member", "grid_member"],
                  "cells": [f"{GRID[1]}|{GRID[4]}", GRID[4]], "phone": ["13900000000", ""]}).to_excel(path, index=False)
    report = import_people_file(conn, path)
    assert (report["added"], report["updated"]) == (1, 1)
    assert find_person(conn, "M1")["phone"] == "13900000000"
    assert [p["code"] for p in list_people(conn, cell_code=GRID[4])] == ["M1", "N1"]


def test_a_bad_file_is_refused_whole_naming_file_row_field_and_reason(conn, world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,name,role,cells,id\n"
                    f"A1,好人,grid_member,{GRID[4]},\n"
                    f"A2,坏格,grid_member,{GRID[1]}X,\n"
                    "A3,坏号,grid_member,,abc\n", encoding="utf-8")
    before = len(list_people(conn))
    with pytest.raises(ImportRefused) as refused:
        import_people_file(conn, path)
    assert refused.value.context == {"file": str(path)}
    assert refused.value.problems == [f"row 3: cells: no cell {GRID[1]}X in the current generation",
                                      "row 4: id: 'abc' is not a number"]
    assert "bad.csv: 2 problem(s); nothing was written" in str(refused.value)
    assert len(list_people(conn)) == before


def test_a_file_without_a_required_column_is_refused(conn, world, tmp_path):
    path = tmp_path / "noname.csv"
    path.write_text("code,role\nZ1,grid_member\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="missing column.s. name") as refused:
        import_people_file(conn, path)
    assert refused.value.context["file"] == str(path)


def test_the_export_masks_phones_and_re_imports_without_losing_them(conn, world, tmp_path):
    path = tmp_path / "people.csv"
    assert export_people_file(conn, path)["people"] == 7
    exported = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert set(exported["phone"]) == {"137****5678"}
    assert exported.loc[exported["code"] == "M1", "role_name"].item() == "网格员"
    report = import_people_file(conn, path)
    assert (report["added"], report["updated"]) == (0, 7)
    assert {p["phone"] for p in list_people(conn)} == {"13712345678"}
    export_people_file(conn, tmp_path / "full.xlsx", with_personal_data=True)
    assert set(pd.read_excel(tmp_path / "full.xlsx", dtype=str)["phone"]) == {"13712345678"}
