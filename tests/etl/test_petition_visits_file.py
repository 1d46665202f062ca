"""The skip-level visit report file: Chinese headers found by name, an unknown column named, a missing
required column named, bad rows refused with their line numbers and nothing written."""
import pytest

from etl.petition_visits_file import import_visits_file, read_visits
from gis.errors import InputFileError
from grids.errors import ImportRefused
from tests.cases import GRID
from tests.grids.petitions.world import ID_A, load_petition_world, new_matter

HEADER = "日期,越级层级,信访人,身份证号,联系电话,属地编码,通报单位,备注\n"


def test_the_report_is_read_by_its_chinese_headers(tmp_path):
    path = tmp_path / "visits.csv"
    path.write_text(HEADER + f"2025-03-10,进京,张三丰,{ID_A},,{GRID[1]},国家信访局,无\n", encoding="utf-8")
    rows, ignored = read_visits(path)
    assert rows == [{"row": 2, "visited_on": "2025-03-10", "level": "进京", "name": "张三丰", "id_number": ID_A,
                     "phone": "", "origin": GRID[1], "reported_by": "国家信访局"}]
    assert ignored == ["备注"]


def test_a_report_without_a_level_column_names_it(tmp_path):
    path = tmp_path / "visits.csv"
    path.write_text("日期,信访人\n2025-03-10,张三丰\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="missing column\\(s\\) level"):
        read_visits(path)


def test_the_file_is_imported_all_or_nothing(conn, tmp_path):
    load_petition_world(conn)
    new_matter(conn, "XF-1")
    path = tmp_path / "visits.csv"
    path.write_text(HEADER + f"2025-03-10,进京,张三丰,{ID_A},,,,\n2025-03-11,赴京,,,,{GRID[1]},,\n",
                    encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_visits_file(conn, path)
    assert refused.value.problems == ["row 3: id_number, phone: a visit names its petitioner by ID number or phone "
                                      "(or both)"]
    assert refused.value.context["file"] == str(path)
    path.write_text(HEADER + f"2025-03-10,进京,张三丰,{ID_A},,,,\n", encoding="utf-8")
    result = import_visits_file(conn, path)
    assert (result["new"], result["matched"], result["ignored_columns"]) == (1, 1, ["备注"])
