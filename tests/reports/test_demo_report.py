"""The demo's last quarter (2025Q4) as a leader gets it: ``gridgov report --period 2025Q4`` on the demo
store writes a PDF whose text holds every section title, the district's KPIs as grids.cases.kpi computes
them and the open early warnings (December's wage burst among them); every page renders (pdftoppm, saved
in ``tests/artifacts/report/demo-2025Q4-*.png`` to look at) and none is blank; the DOCX of the same
quarter reads back with the same headings."""
import datetime as dt
import subprocess
from pathlib import Path

import numpy as np
import psycopg2
import pytest
from docx import Document
from PIL import Image

from etl.demo.accounts import demo_now
from grids.cases import kpi
from grids.clock import SHANGHAI
from grids.reports.content import cell_text, report_content
from reports.layout import section_titles
from tests.command_line import gridgov
from tests.conftest import wipe
from tests.webmap.demo_site import DEMO_TABLES, fill_demo_store

ARTIFACTS = Path(__file__).parents[1] / "artifacts" / "report"
DISTRICT = "370212"
Q4 = (dt.datetime(2025, 10, 1, tzinfo=SHANGHAI), dt.datetime(2026, 1, 1, tzinfo=SHANGHAI))


@pytest.fixture(scope="module")
def demo(database_url, tmp_path_factory):
    """The demo store, its "now", and the quarter's report written by the command as PDF and DOCX."""
    fill_demo_store(database_url)
    conn = psycopg2.connect(database_url)
    now = demo_now(conn)
    folder = tmp_path_factory.mktemp("demo-report")
    for suffix in ("pdf", "docx"):
        result = gridgov("report", "--period", "2025Q4", "--now", now.isoformat(), "-o", folder / f"report.{suffix}")
        assert result.exit_code == 0, result.output
    yield {"conn": conn, "now": now, "pdf": folder / "report.pdf", "docx": folder / "report.docx", "dir": folder}
    conn.close()
    wipe(database_url, DEMO_TABLES)                  # the next modules expect an empty store


def _text(pdf):
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return "".join(done.stdout.split())


def test_the_quarter_holds_every_section_the_kpis_and_the_open_warnings(demo):
    text = _text(demo["pdf"])
    content = report_content(demo["conn"], "2025Q4", now=demo["now"])
    assert "社情民意综合分析报告" in text and "2025-10-01至2026-01-01前" in text
    assert "数据截至2026-01-0100:00" in text               # the figures' time in Asia/Shanghai, as the clock says
    for title in section_titles(content):
        assert "".join(title.split()) in text, title
    expected = kpi.kpis_for_cell(demo["conn"], DISTRICT, *Q4, demo["now"])
    assert expected["received"] > 10_000                            # a quarter of the demo's 50,000
    for figure in ("received", "on_time_rate", "resolution_rate", "satisfaction_rate"):
        kind = "int" if figure == "received" else "rate"
        assert cell_text(expected[figure], kind) in text, figure
    with demo["conn"].cursor() as cur:
        cur.execute("SELECT count(*) FROM early_warning WHERE status = 'open'")
        (open_warnings,) = cur.fetchone()
    assert open_warnings >= 1 and "劳资纠纷" in text and "红" in text


def test_every_page_renders_and_none_is_blank(demo):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("demo-2025Q4-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(demo["pdf"]), str(ARTIFACTS / "demo-2025Q4")], check=True)
    pages = sorted(ARTIFACTS.glob("demo-2025Q4-*.png"))
    assert len(pages) >= 3
    for page in pages:
        pixels = np.asarray(Image.open(page).convert("L"), dtype=float)
        assert pixels.std() > 10, page                              # text, tables or a map: not an empty page


def test_the_docx_of_the_quarter_reads_back_with_the_same_headings(demo):
    document = Document(str(demo["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    content = report_content(demo["conn"], "2025Q4", now=demo["now"])
    assert [h for h in headings if h in section_titles(content)] == section_titles(content)
    assert document.tables
