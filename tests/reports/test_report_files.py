"""The 社情民意 report as files, on a small hand-made world (``tests.reports.report_world``): the PDF's text
holds the period, every section title and the KPI figures of :mod:`grids.cases.kpi` for the same window,
and no reporter's name or phone; its pages render (pdftoppm) and the map page is a picture, not blank; the
DOCX re-reads (python-docx) with the same tables; a bad period and a missing font are refused by name."""
import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from docx import Document
from PIL import Image

from grids.cases import kpi
from grids.clock import SHANGHAI
from grids.reports.content import KPI_COLUMNS, cell_text, report_content
from grids.reports.period import PeriodError, parse_period
from reports import fonts, render_report
from reports.layout import section_titles, table_text
from tests.command_line import gridgov
from tests.reports.report_world import (MARKUP_NAME, MONTH, NOW, REPORTER_NAME, REPORTER_PHONE, STAFF_PHONE,
                                        district, load_report_world)

ARTIFACTS = Path(__file__).parents[1] / "artifacts" / "report"


@pytest.fixture
def built(conn, tmp_path):
    load_report_world(conn)
    content = report_content(conn, MONTH, cell=district(), now=NOW)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_report(content, "pdf"))
    docx = tmp_path / "report.docx"
    docx.write_bytes(render_report(content, "docx"))
    return {"conn": conn, "content": content, "pdf": pdf, "docx": docx, "dir": tmp_path}


def _text(pdf, page=None):
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def _squeezed(text):
    return "".join(text.split())


def test_the_pdf_says_the_period_every_section_and_the_kpis_of_grids_cases_kpi(built):
    text = _squeezed(_text(built["pdf"]))
    assert "社情民意综合分析报告" in text and "2025年3月" in text and "2025-03-01至2025-04-01前" in text
    for title in section_titles(built["content"]):
        assert _squeezed(title) in text, title
    since = dt.datetime(2025, 3, 1, tzinfo=SHANGHAI)
    until = dt.datetime(2025, 4, 1, tzinfo=SHANGHAI)
    expected = kpi.kpis_for_cell(built["conn"], district(), since, until, NOW)
    assert expected["received"] == 10                               # the ten March incidents, not February's
    row = next(t for s in built["content"]["sections"] if s["key"] == "kpis" for t in s["tables"])["rows"][0]
    assert row == [expected[key] for key, _, _ in KPI_COLUMNS]
    figures = "".join(cell_text(expected[key], kind) for key, _, kind in KPI_COLUMNS)
    assert _squeezed(figures) in text                              # the KPI row, in order, as printed
    assert "受理群众诉求10件" in text and "较2025年2月（2件）" in text


def test_no_reporter_name_or_phone_and_markup_in_a_name_prints_as_written(built):
    text = _text(built["pdf"])
    for secret in (REPORTER_NAME, REPORTER_PHONE, STAFF_PHONE, "网格员甲"):
        assert secret not in text
    assert MARKUP_NAME in _squeezed(text)
    with zipfile.ZipFile(built["docx"]) as archive:
        body = archive.read("word/document.xml").decode()
    assert REPORTER_NAME not in body and REPORTER_PHONE not in body
    assert "&lt;b&gt;海湾&amp;网格&lt;/b&gt;" in body                    # text, not markup


def test_every_page_renders_and_the_map_page_is_a_coloured_picture(built):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(built["pdf"]), str(built["dir"] / "page")], check=True)
    pages = sorted(built["dir"].glob("page-*.png"))
    assert len(pages) >= 2
    map_page = next(i for i in range(1, len(pages) + 1) if "热点区域" in _squeezed(_text(built["pdf"], i)))
    for number, path in enumerate(pages, start=1):
        pixels = np.asarray(Image.open(path).convert("RGB"), dtype=float)
        assert pixels.std() > 5, f"page {number} is blank"
        shutil.copy(path, ARTIFACTS / f"report-{MONTH}-page-{number}.png")
    pixels = np.asarray(Image.open(pages[map_page - 1]).convert("RGB"), dtype=int)
    red, blue = pixels[..., 0], pixels[..., 2]
    warm = (red > 180) & (blue < 120) & (red - blue > 80)         # YlOrRd: the cells with incidents
    assert warm.sum() > 2000, "the map page has no coloured cells"
    shutil.copy(built["pdf"], ARTIFACTS / f"report-{MONTH}.pdf")


def test_the_docx_reads_back_with_the_same_tables_and_headings(built):
    document = Document(str(built["docx"]))
    expected = [table_text(t) for s in built["content"]["sections"] for t in s["tables"]]
    found = [([c.text for c in t.rows[0].cells], [[c.text for c in r.cells] for r in t.rows[1:]])
             for t in document.tables]
    assert found == [(header, rows) for header, rows in expected]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == section_titles(built["content"])
    assert any(shape.width for shape in document.inline_shapes)    # the map and the charts


def test_a_quarter_covers_three_months_and_names_the_coming_ones(built):
    content = report_content(built["conn"], "2025Q1", cell=district(), now=NOW)
    assert content["period"]["label"] == "2025年第一季度"
    assert content["summary"]["received"] == 12                   # February's two and March's ten
    outlook = next(s for s in content["sections"] if s["key"] == "outlook")
    assert "4月、5月、6月" in outlook["paragraphs"][0]


@pytest.mark.parametrize("text", ["2025Q5", "2025-13", "25Q1", "", "2025-1"])
def test_a_bad_period_is_refused_naming_it(text):
    with pytest.raises(PeriodError) as refused:
        parse_period(text)
    assert repr(text) in str(refused.value) and "2025Q4" in str(refused.value)


def test_the_command_refuses_a_bad_period_and_a_wrong_suffix(tmp_path):
    result = gridgov("report", "--period", "2025Q5", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 2 and "'2025Q5'" in result.output and not (tmp_path / "r.pdf").exists()
    result = gridgov("report", "--period", "2025Q4", "-o", tmp_path / "r.txt")
    assert result.exit_code == 2 and ".pdf or .docx" in result.output


def test_without_a_chinese_font_the_error_names_the_package(monkeypatch):
    monkeypatch.setattr(fonts, "CANDIDATES", (("/nonexistent/font.ttc", 0),))
    monkeypatch.setattr(fonts, "_fontconfig", lambda: [])
    fonts.cjk_font.cache_clear()
    try:
        with pytest.raises(fonts.FontMissing) as missing:
            fonts.cjk_font()
        assert "fonts-wqy-microhei" in str(missing.value)
    finally:
        fonts.cjk_font.cache_clear()


def test_the_font_found_is_a_truetype_chinese_font():
    path, _ = fonts.cjk_font()
    assert fonts._is_truetype(path)


def test_an_open_early_warning_is_listed_and_a_dismissed_one_is_not(conn):
    march = load_report_world(conn)
    with conn.cursor() as cur:
        for status, reason, severity in (("open", None, "red"), ("dismissed", "同一人重复来电", "yellow")):
            cur.execute(
                "INSERT INTO early_warning (category_code, geom, cell_code, district_code, street_code, community_code,"
                " grid_code, first_reported_at, last_reported_at, reporters, tickets, severity, rule, status,"
                " decided_at, reason, first_incident_id, raised_at, updated_at)"
                " SELECT category_code, geom, grid_code, district_code, street_code, community_code, grid_code,"
                " reported_at, reported_at + interval '2 days', 7, 9, %s, '{}', %s,"
                " CASE WHEN %s = 'open' THEN NULL ELSE reported_at + interval '3 days' END, %s, id, reported_at,"
                " reported_at FROM incident WHERE id = %s",
                (severity, status, status, reason, march[0]))
    content = report_content(conn, MONTH, cell=district(), now=NOW)
    assert content["warnings_included"]
    section = content["sections"][-1]
    assert section["key"] == "warnings" and len(section["tables"][0]["rows"]) == 1
    row = section["tables"][0]["rows"][0]
    assert row[:5] == [MARKUP_NAME, "测试供暖", "红", 7, 9]
    text = _squeezed(subprocess.run(["pdftotext", "-", "-"], input=render_report(content, "pdf"),
                                    capture_output=True, check=True).stdout.decode())
    assert "群体性事件苗头预警" in text and "有1条群体性事件苗头预警待研判" in text
    assert REPORTER_NAME not in text and REPORTER_PHONE not in text
