"""The responsibility list (权责清单) from and to files: Chinese headers, all or nothing with every problem
by row and field, an export that imports back as it is, and the CLI."""
import pytest

from etl.responsibility_file import export_responsibility_file, import_responsibility_file
from gis.errors import InputFileError
from grids.errors import ImportRefused
from grids.people.responsibility import responsibility_list
from tests.desk_world import load_desk_world


@pytest.fixture
def people(conn):
    return load_desk_world(conn)


def test_a_list_with_chinese_headers_imports_and_exports_back(conn, people, tmp_path):
    source = tmp_path / "权责清单.csv"
    source.write_text("类别编码,责任部门,职责事项,设定依据\nT101,K2,供暖监管,《供热条例》第十条\nT2,城管部门,=其他事项,\n",
                      encoding="gb18030")
    assert import_responsibility_file(conn, source)["lines"] == 2
    lines = {(l["category_code"], l["department_code"], l["matter"]) for l in responsibility_list(conn)}
    assert lines == {("T101", "K2", "供暖监管"), ("T2", "K1", "=其他事项")}
    exported = tmp_path / "out.xlsx"
    assert export_responsibility_file(conn, exported)["lines"] == 2
    assert import_responsibility_file(conn, exported)["lines"] == 2          # the export reads back
    assert {(l["category_code"], l["matter"]) for l in responsibility_list(conn)} >= {("T2", "=其他事项")}  # no quote
    csv = tmp_path / "out.csv"
    export_responsibility_file(conn, csv)
    text = csv.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "'=其他事项".encode() in text      # never a formula in Excel


def test_every_problem_is_named_and_nothing_is_written(conn, people, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("category,department\nT101,K9\nXX,K1\nT101,K1\n,K1\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_responsibility_file(conn, source)
    assert refused.value.problems == ["row 2: department: no department 'K9' (by code, id or name)",
                                      "row 3: category: no category 'XX'",
                                      "row 5: category: empty"]
    assert refused.value.context["file"] == str(source) and responsibility_list(conn) == []
    headless = tmp_path / "headless.csv"
    headless.write_text("类别,职责\nT101,x\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="missing column.*department"):
        import_responsibility_file(conn, headless)
