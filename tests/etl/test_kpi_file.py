"""KPI tables and incident exports open in Excel on Chinese Windows: an .xlsx KPI table re-reads with its
Chinese headers and percentage cells; CSVs carry a byte order mark (or are GBK on request) and a
BOM-aware reader gets the right characters back."""
import csv

import openpyxl
import pytest

from etl.incidents.export import export_incidents
from etl.kpi_file import HEADERS, write_kpi_table
from gis.errors import InputFileError
from tests.cases import add_incident, load_world

ROWS = [{"code": "370212001", "name": "中韩街道", "received": 120, "response_rate": 0.9875, "on_time_rate": 0.5,
         "avg_handling_hours": 72.2302, "closed_share_grid": 0.825},
        {"code": "370212002", "name": "=沙子口街道", "received": 0, "response_rate": None, "on_time_rate": None,
         "avg_handling_hours": None, "closed_share_grid": None}]


def test_an_xlsx_kpi_table_has_chinese_headers_and_percentages(tmp_path):
    write_kpi_table(ROWS, tmp_path / "kpi.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "kpi.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header == ["编码", "名称", "受理量", "响应率", "按期处置率", "平均办结时长（小时）", "网格办结占比"]
    rate = sheet.cell(row=2, column=4)
    assert rate.value == pytest.approx(0.9875) and rate.number_format == "0.0%"
    assert sheet.cell(row=2, column=6).value == 72.2 and sheet.cell(row=3, column=2).value == "'=沙子口街道"


@pytest.mark.parametrize("encoding, codec", [("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030")])
def test_a_csv_kpi_table_opens_with_the_right_characters(tmp_path, encoding, codec):
    write_kpi_table(ROWS, tmp_path / "kpi.csv", encoding)
    raw = (tmp_path / "kpi.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    rows = list(csv.DictReader(raw.decode(codec).splitlines()))
    assert rows[0][HEADERS["name"]] == "中韩街道" and rows[0][HEADERS["response_rate"]] == "98.8%"


def test_a_kpi_table_refuses_other_formats(tmp_path):
    with pytest.raises(InputFileError, match=".xlsx or .csv"):
        write_kpi_table(ROWS, tmp_path / "kpi.pdf")


@pytest.mark.parametrize("encoding, codec, bom", [("utf-8-sig", "utf-8-sig", True), ("gbk", "gb18030", False)])
def test_an_incident_export_carries_a_bom_or_is_gbk(conn, tmp_path, encoding, codec, bom):
    load_world(conn)
    add_incident(conn, "中文工单")
    export_incidents(conn, tmp_path / "out.csv", encoding=encoding)
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    rows = list(csv.DictReader(raw.decode(codec).splitlines()))
    assert rows[0]["channel"] == "hotline" and rows[0]["source_ref"] == "中文工单"
