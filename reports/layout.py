"""The text both writers print around the tables and pictures: the cover's lines, the numbered section
titles, a table's header and cells as text (so the PDF and the DOCX never disagree on a figure)."""
from grids.reports.content import cell_text


def table_text(table):
    """``(header, rows)`` of a content table as the text both writers print."""
    header = [c["label"] for c in table["columns"]]
    rows = [[cell_text(value, c["kind"]) for value, c in zip(row, table["columns"])] for row in table["rows"]]
    return header, rows


def cover_lines(content):
    """The lines under the title: the cell, the period, the time of the figures."""
    cell, period = content["cell"], content["period"]
    return [f"{cell['name']}（{cell['code']}）", f"{period['label']}（{period['since']} 至 {period['until']} 前）",
            f"数据截至 {content['now'][:16].replace('T', ' ')}"]


def section_titles(content):
    """The numbered titles of the sections: 一、总体情况 …"""
    numbers = "一二三四五六七八九十"
    return [f"{numbers[i]}、{s['title']}" for i, s in enumerate(content["sections"])]
