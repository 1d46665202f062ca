"""The report as PDF (reportlab): A4, set in the Chinese font of :mod:`reports.fonts` (embedded, subset),
CJK line breaking, a cover block, numbered sections, tables whose header repeats on each page, the
charts and the map as images, "第 N 页" at the foot of every page.

Every text that comes from the store (cell and category names) is escaped before it reaches reportlab's
paragraph markup (``xml.sax.saxutils.escape``): a name like ``<b>`` or ``&`` prints as written.
"""
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.layout import cover_lines, section_titles, table_text
from reports.fonts import cjk_font

FONT = "GridgovCJK"
WIDTH = A4[0] - 4 * cm
HEADER_BLUE = colors.HexColor("#1f4e79")


def pdf_bytes(content, images):
    """The PDF of ``content`` with ``images`` (:func:`reports.document.pictures`)."""
    _register_font()
    styles = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=f"{content['title']} {content['period']['label']}",
                            author="gridgov", subject=content["cell"]["name"])
    story = [Paragraph(escape(content["title"]), styles["title"])]
    story += [Paragraph(escape(line), styles["cover"]) for line in cover_lines(content)]
    story.append(Spacer(1, 0.6 * cm))
    for title, section in zip(section_titles(content), content["sections"]):
        flow = [Paragraph(escape(title), styles["h1"])]
        flow += [Paragraph(escape(text), styles["body"]) for text in section["paragraphs"]]
        if (section["key"], "map") in images:
            flow.append(_image(images[(section["key"], "map")], WIDTH * 0.85))
        for i, _ in enumerate(section["charts"]):
            if (section["key"], i) in images:
                flow.append(_image(images[(section["key"], i)], WIDTH))
        for table in section["tables"]:
            flow.append(Paragraph(escape(table["title"]), styles["caption"]))
            flow.append(_table(table, styles))
            flow.append(Spacer(1, 0.3 * cm))
        # a title never ends a page: it stays with its text and the first picture or table after it
        first = next((i for i, f in enumerate(flow) if isinstance(f, (Image, Table))), len(flow) - 1)
        story.append(KeepTogether(flow[:first + 1]))
        story += flow[first + 1:]
    doc.build(story, onFirstPage=_foot, onLaterPages=_foot)
    return out.getvalue()


def _register_font():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path, face = cjk_font()
        pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=face))


def _styles():
    base = {"fontName": FONT, "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("title", **base, fontSize=20, leading=28, alignment=TA_CENTER, spaceAfter=10,
                                textColor=HEADER_BLUE),
        "cover": ParagraphStyle("cover", **base, fontSize=11, leading=18, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", **base, fontSize=14, leading=20, spaceBefore=12, spaceAfter=6,
                             textColor=HEADER_BLUE),
        "body": ParagraphStyle("body", **base, fontSize=10.5, leading=17, firstLineIndent=21, spaceAfter=4),
        "caption": ParagraphStyle("caption", **base, fontSize=9.5, leading=14, spaceBefore=4, spaceAfter=3,
                                  textColor=colors.HexColor("#333333")),
        "cell": ParagraphStyle("cell", **base, fontSize=8, leading=10),
        "head": ParagraphStyle("head", **base, fontSize=8, leading=10, textColor=colors.white),
    }


def _table(table, styles):
    header, rows = table_text(table)
    if not rows:
        rows = [["（无）"] + [""] * (len(header) - 1)]
    data = [[Paragraph(escape(h), styles["head"]) for h in header]]
    data += [[Paragraph(escape(v), styles["cell"]) for v in row] for row in rows]
    numeric = [i for i, c in enumerate(table["columns"]) if c["kind"] != "text"]
    widths = _widths(table["columns"])
    grid = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [("BACKGROUND", (0, 0), (-1, 0), HEADER_BLUE), ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    style += [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef3f8")])]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in numeric]
    grid.setStyle(TableStyle(style))
    return grid


def _widths(columns):
    weights = [2.6 if c["kind"] == "text" else 1.0 for c in columns]
    return [WIDTH * w / sum(weights) for w in weights]


def _image(png, width):
    image = Image(io.BytesIO(png))
    ratio = image.imageHeight / image.imageWidth
    image.drawWidth, image.drawHeight = width, width * ratio
    return image


def _foot(canvas, doc):
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.setFillColor(colors.HexColor("#666666"))
    canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"第 {doc.page} 页")
    canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, "内部资料 注意保存")
    canvas.restoreState()
