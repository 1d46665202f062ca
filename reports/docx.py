"""The report as DOCX (python-docx), for the offices that edit it before it goes up: headings, the
paragraphs, the tables (Word's "Table Grid", header row repeated on each page) and the pictures, with an
East Asian font set on every style (黑体 for headings, 宋体 for text: what Word on Chinese Windows has).
Text from the store goes in as text runs (never parsed as anything)."""
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.layout import cover_lines, section_titles, table_text

BODY_FONT, HEADING_FONT = "宋体", "黑体"


def docx_bytes(content, images):
    """The DOCX of ``content`` with ``images`` (:func:`reports.document.pictures`)."""
    document = Document()
    _fonts(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    document.core_properties.title = f"{content['title']} {content['period']['label']}"
    document.core_properties.author = "gridgov"
    title = document.add_heading(content["title"], level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in cover_lines(content):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for heading, part in zip(section_titles(content), content["sections"]):
        document.add_heading(heading, level=1)
        for text in part["paragraphs"]:
            paragraph = document.add_paragraph(text)
            paragraph.paragraph_format.first_line_indent = Pt(21)
        if (part["key"], "map") in images:
            document.add_picture(io.BytesIO(images[(part["key"], "map")]), width=Cm(15))
        for i, _ in enumerate(part["charts"]):
            if (part["key"], i) in images:
                document.add_picture(io.BytesIO(images[(part["key"], i)]), width=Cm(16))
        for table in part["tables"]:
            document.add_paragraph(table["title"], style="Caption")
            _table(document, table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fonts(document):
    for name, font in (("Normal", BODY_FONT), ("Title", HEADING_FONT), ("Heading 1", HEADING_FONT),
                       ("Caption", BODY_FONT)):
        style = document.styles[name]
        style.font.name = font
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    document.styles["Normal"].font.size = Pt(10.5)
    document.styles["Caption"].font.color.rgb = RGBColor(0x33, 0x33, 0x33)


def _table(document, table):
    header, rows = table_text(table)
    grid = document.add_table(rows=1 + len(rows), cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(header):
        cell = grid.rows[0].cells[i]
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header(grid.rows[0])
    numeric = {i for i, c in enumerate(table["columns"]) if c["kind"] != "text"}
    for r, row in enumerate(rows, start=1):
        cells = grid.rows[r].cells
        for i, text in enumerate(row):
            cells[i].text = text
            if i in numeric:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in grid.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    properties.append(mark)
