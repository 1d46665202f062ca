"""Responsibility list files (权责清单): category → department, in and out of CSV/Excel.

Columns, by their English or usual Chinese header:

==========  =====================================  ===============================================
column      headers                                value
==========  =====================================  ===============================================
category    category, 类别, 类别编码, 事项类别编码     a category code (required)
department  department, 部门, 责任部门, 主责部门      a department's code (工号), id or name (required)
matter      matter, 事项, 职责, 职责事项             the matter in words (optional)
basis       basis, 依据, 法律依据, 设定依据           the legal basis (optional)
==========  =====================================  ===============================================

All or nothing: every problem is reported as ``row N: field: reason`` with the file, and then nothing
is written. Lines of categories the file does not name stay as they are.
"""
from pathlib import Path

import pandas as pd

from etl.table_file import cell_text, find_columns, read_table
from gis.errors import InputFileError
from gis.text_cells import text_frame
from grids.errors import ImportRefused
from grids.people.responsibility import responsibility_list, save_lines

HEADERS = {
    "category": ("category", "类别", "类别编码", "事项类别编码"),
    "department": ("department", "部门", "责任部门", "主责部门"),
    "matter": ("matter", "事项", "职责", "职责事项"),
    "basis": ("basis", "依据", "法律依据", "设定依据"),
}
REQUIRED = ("category", "department")
EXPORT_HEADERS = {"category_code": "类别编码", "category_name": "类别", "department_code": "部门编码",
                  "department_name": "责任部门", "matter": "职责事项", "basis": "设定依据"}


def import_responsibility_file(conn, path):
    """Read ``path`` and save its lines (all or nothing); ``{file, lines}``."""
    path = Path(path)
    frame = read_table(path, "a responsibility list")
    columns = find_columns(path, frame, HEADERS, REQUIRED)
    lines = [{"row": number, **{field: cell_text(record.get(header)) for field, header in columns.items()}}
             for number, record in enumerate(frame.to_dict("records"), start=2)]
    try:
        saved = save_lines(conn, lines, source=path.name)
    except ImportRefused as refused:
        refused.context["file"] = str(path)
        raise
    return {"file": str(path), "lines": saved}


def export_responsibility_file(conn, path):
    """Write the list to ``path`` (.csv, UTF-8 with BOM, or .xlsx) with Chinese headers."""
    path = Path(path)
    frame = pd.DataFrame(responsibility_list(conn), columns=list(EXPORT_HEADERS))
    frame = text_frame(frame).rename(columns=EXPORT_HEADERS)
    if path.suffix.lower() == ".xlsx":
        frame.to_excel(path, index=False)
    elif path.suffix.lower() == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    else:
        raise InputFileError("write the responsibility list as .csv or .xlsx", file=str(path))
    return {"file": str(path), "lines": len(frame)}
