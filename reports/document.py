"""The report in the format asked: :func:`render_report` (bytes) and :func:`write_report` (a file, its
format by suffix). The pictures are drawn once (:func:`pictures`) and laid out by either writer."""
from pathlib import Path

from gis.errors import InputFileError

FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def render_report(content, fmt):
    """The bytes of ``content`` (:func:`grids.reports.content.report_content`) as ``fmt`` (pdf or docx)."""
    if fmt not in FORMATS:
        raise InputFileError(f"no report format {fmt!r}; formats: {', '.join(FORMATS)}", format=fmt)
    images = pictures(content)
    if fmt == "pdf":
        from reports.pdf import pdf_bytes
        return pdf_bytes(content, images)
    from reports.docx import docx_bytes
    return docx_bytes(content, images)


def write_report(content, path):
    """Write the report to ``path`` (.pdf or .docx); ``{file, format, bytes}``."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputFileError("write the report as .pdf or .docx", file=str(path))
    data = render_report(content, fmt)
    path.write_bytes(data)
    return {"file": str(path), "format": fmt, "bytes": len(data)}


def pictures(content):
    """``{(section key, index): PNG bytes}``: each section's charts (index 0, 1, …) and its map ("map")."""
    from reports.charts import chart_png, map_png

    images = {}
    for section in content["sections"]:
        for i, chart in enumerate(section["charts"]):
            if chart["x"]:
                images[(section["key"], i)] = chart_png(chart)
        if section["map"] and section["map"]["cells"]:
            images[(section["key"], "map")] = map_png(section["map"])
    return images
