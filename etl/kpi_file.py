"""KPI tables as the leaders' offices open them: .xlsx with Chinese headers and percentages, or CSV with a
byte order mark (or GBK) so Excel on Chinese Windows shows the characters.

The headers are the Chinese names of docs/kpis.md; rates are written as numbers formatted ``0.0%`` in
Excel (a percentage a spreadsheet can still sum and chart) and as ``96.5%`` text in CSV; hours with one
decimal. Names pass through :mod:`gis.text_cells` (a name beginning ``=`` stays text).
"""
from pathlib import Path

import pandas as pd

from gis.errors import InputFileError
from gis.text_cells import text_frame

HEADERS = {
    "code": "编码", "name": "名称", "received": "受理量", "accepted": "立案数", "response_rate": "响应率",
    "on_time_rate": "按期处置率", "resolution_rate": "解决率", "satisfaction_rate": "满意率",
    "repeat_rate": "重复率", "backlog_open": "在办未结", "backlog_overdue": "超期未结",
    "avg_handling_hours": "平均办结时长（小时）", "closed": "办结数", "closed_share_grid": "网格办结占比",
    "closed_share_community": "社区办结占比", "closed_share_street": "街道办结占比",
    "closed_share_district": "区级办结占比", "closed_share_department": "部门办结占比",
    "closed_share_direct": "直接解答占比",
}
ENCODINGS = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8-sig", "gbk": "gb18030", "gb18030": "gb18030"}


def write_kpi_table(rows, path, encoding="utf-8-sig"):
    """Write KPI ``rows`` (dicts of :func:`grids.cases.kpi.kpis_by_level`) to ``path`` (.xlsx or .csv);
    ``encoding`` of a CSV: UTF-8 with BOM (default) or GBK. Returns ``{file, rows, format}``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputFileError("write the KPI table as .xlsx or .csv", file=str(path))
    if encoding.lower() not in ENCODINGS:
        raise InputFileError(f"no encoding {encoding!r}; use utf-8-sig or gbk", file=str(path))
    frame = pd.DataFrame(rows)
    rates = [c for c in frame.columns if c.endswith(("_rate",)) or c.startswith("closed_share")]
    frame = text_frame(frame[[c for c in HEADERS if c in frame.columns]])
    if "avg_handling_hours" in frame:
        frame["avg_handling_hours"] = frame["avg_handling_hours"].astype(float).round(1)
    if suffix == ".xlsx":
        _write_xlsx(frame, rates, path)
    else:
        for column in rates:
            frame[column] = [None if pd.isna(v) else f"{v:.1%}" for v in frame[column]]
        frame.rename(columns=HEADERS).to_csv(path, index=False, encoding=ENCODINGS[encoding.lower()],
                                             lineterminator="\r\n")
    return {"file": str(path), "rows": len(frame), "format": suffix.lstrip(".")}


def _write_xlsx(frame, rates, path):
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.rename(columns=HEADERS).to_excel(writer, index=False, sheet_name="指标")
        sheet = writer.sheets["指标"]
        for position, column in enumerate(frame.columns, start=1):
            letter = sheet.cell(row=1, column=position).column_letter
            sheet.column_dimensions[letter].width = max(10, len(HEADERS[column]) * 2 + 2)
            if column in rates:
                for cell in sheet[letter][1:]:
                    cell.number_format = "0.0%"
