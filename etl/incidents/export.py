"""``gridgov incidents export``: incidents with their placement to CSV, GeoJSON or Excel.

Columns: ``channel``, ``source_ref`` (the channel's own ticket number), the report's fields, the
coordinates as given (``x``, ``y``, ``crs``) and in EPSG:4490 (``lon``, ``lat``), the cell code at every
level (``district_code`` … ``microgrid_code``, empty where not placed at that level), ``generation``,
``placement_method``, ``placement_level``, ``placement_confidence``, ``placement_distance_m``,
``unplaced_reason``, ``status`` and ``time_limit`` (the ticket's own 办理时限, which the import reads back). Names and phone numbers are masked unless asked for, phone and ID
numbers inside the title, description and address too. In CSV and Excel, text that a spreadsheet would
run as a formula (``=…``, ``+…``, ``-…``, ``@…``) is written with a leading ``'`` (:mod:`gis.text_cells`).
A CSV is UTF-8 with a byte order mark, so Excel on Chinese Windows shows its characters, or GBK on request.
An export re-imports without duplicating anything: ``channel`` + ``source_ref`` identify each incident.
"""
import datetime as dt
import json
from pathlib import Path

import pandas as pd

from gis.errors import InputFileError
from gis.sqlfiles import load
from gis.text_cells import text_frame, xlsx_text_frame
from grids.privacy import mask_name, mask_phone, mask_phones_in

FORMATS = ("csv", "geojson", "xlsx")
FREE_TEXT = ("title", "description", "address")
CSV_LINE_END = "\r\n"      # RFC 4180; the csv writer quotes a cell holding either line break, so none splits a row
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


CSV_ENCODINGS = {"utf-8-sig": "utf-8-sig", "gbk": "gb18030"}


def export_incidents(conn, path, *, fmt=None, start=None, end=None, with_personal_data=False, encoding="utf-8-sig"):
    """Write incidents reported in ``[start, end)`` to ``path`` (a CSV in ``encoding``: UTF-8 with BOM or
    GBK); return ``{file, incidents, format}``."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise InputFileError(f"cannot export incidents as {fmt!r}; formats: {', '.join(FORMATS)}", file=str(path))
    frame = incident_table(conn, start, end)
    if not with_personal_data:
        frame["reporter_name"] = frame["reporter_name"].map(mask_name)
        frame["reporter_phone"] = frame["reporter_phone"].map(mask_phone)
        for column in FREE_TEXT:
            frame[column] = frame[column].map(mask_phones_in)
    if fmt == "csv":
        _write_csv(frame, path, CSV_ENCODINGS[encoding])
    else:
        {"geojson": _write_geojson, "xlsx": _write_xlsx}[fmt](frame, path)
    return {"file": str(path), "incidents": len(frame), "format": fmt, "personal_data": with_personal_data}


def incident_table(conn, start=None, end=None):
    with conn.cursor() as cur:
        cur.execute(load("etl.incidents", "incidents_export"), {"start": start, "end": end})
        frame = pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description], dtype=object)
    frame["reported_at"] = [t.astimezone(SHANGHAI).isoformat() for t in frame["reported_at"]]
    return frame


def _write_csv(frame, path, encoding):
    text_frame(frame).to_csv(path, index=False, encoding=encoding, lineterminator=CSV_LINE_END)


def _write_xlsx(frame, path):
    xlsx_text_frame(frame).to_excel(path, index=False, sheet_name="incidents")


def _write_geojson(frame, path):
    features = []
    for record in frame.to_dict("records"):
        lon, lat = record.pop("lon"), record.pop("lat")
        geometry = None if lon is None else {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "properties": record, "geometry": geometry})
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False, default=str)
