"""The 社情民意综合分析报告 as files: PDF (:mod:`reports.pdf`, reportlab) and DOCX (:mod:`reports.docx`,
python-docx), with charts and the map drawn by matplotlib (:mod:`reports.charts`) in a Chinese font found
on the machine (:mod:`reports.fonts`).

Layering: ``gridgov_cli`` and ``webmap`` both import this package, and it imports ``grids`` (the report's
content, :func:`grids.reports.content.report_content`) and ``gis`` — never ``etl``, ``webmap`` or Flask;
it writes bytes and never touches the store. It is a package of its own because ``webmap`` may not import
``etl`` and ``grids`` is the domain, not file formats (docs/foresight.md, "Reports").

Example::

    from reports import render_report
    data = render_report(content, "pdf")        # bytes of the PDF
"""
from reports.document import FORMATS, render_report, write_report

__all__ = ["FORMATS", "render_report", "write_report"]
