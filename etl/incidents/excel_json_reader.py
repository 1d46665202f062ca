"""Reading Excel and JSON incident files as chunks of source text with the row numbers people see.

Concept: like every format reader, these hand on a :class:`~grids.incidents.intake.base.Source` whose chunks
are :class:`~grids.incidents.intake.base.RawChunk` objects of text cells (see
:mod:`grids.incidents.intake.base`; JSON objects become them by :mod:`grids.incidents.intake.objects`).
CSV is streamed by :mod:`etl.incidents.csv_reader`; the formats here are small enough to read whole and hand on in chunks:

- ``.xlsx``: the first sheet (or the mapping's ``sheet``), read with openpyxl in read-only mode. The header
  is the first of the first ten rows that names a ticket number or report time (12345 exports often put a
  title row above it); rows keep their sheet numbers. Dates become ISO text, whole numbers lose Excel's
  ``.0``; a date stored as a plain number stays a number (an Excel serial, read as such later).
- ``.geojson`` / ``.json``: a GeoJSON FeatureCollection — rows are features numbered from 1, x/y come from
  the Point geometry unless the properties hold both (see :func:`grids.incidents.intake.fields.resolve_layout`); a
  per-feature crs property (坐标系) names their system as a CSV's crs column does, else the ``crs``
  member, else WGS 84 by RFC 7946. Or a JSON list of Open311 GeoReport v2 requests, numbered from 1,
  whose ``lat``/``long`` are WGS 84 by the standard. JSON values that are not text become JSON text.

All cells of these formats are searched for mis-encoded text (they are small).
"""
import datetime as dt
import json
import zipfile

import numpy as np
import pandas as pd

from gis.crs import crs_from_pyproj
from gis.errors import GridgovError, InputFileError
from gis.text_cells import decode_excel_escapes
from grids.incidents.intake.base import WARNING, WGS84_LABEL, RowProblem, Source
from grids.incidents.intake.fields import looks_like_header
from grids.incidents.intake.objects import in_chunks, table_source

GEOMETRY_X, GEOMETRY_Y = "geometry (x)", "geometry (y)"
_HEADER_SEARCH_ROWS = 10
# The fields of a GeoReport v2 service request: columns of every Open311 list, so that an empty or sparse
# list still has a layout, and the hashes do not depend on which fields a batch happens to use.
OPEN311_FIELDS = ("service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url")


# --- Excel -------------------------------------------------------------------------------------------

def xlsx_source(path, mapping, chunk_size):
    """The :class:`Source` of the first (or the mapping's) sheet of an Excel file."""
    import openpyxl  # only Excel files need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as error:
        raise InputFileError(f"cannot read the Excel file: {error}", file=str(path)) from None
    try:
        sheet = _sheet(workbook, mapping.options.get("sheet"), path)
        sheet.reset_dimensions()  # read-only mode trusts the stored size, which some writers get wrong
        cells = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    header_at = _header_index(cells, mapping)
    width = max((len(row) for row in cells), default=0)
    header_cells = cells[header_at] if cells else []
    headers = _unique(header_cells + [""] * (width - len(header_cells)))
    body = [row + [""] * (width - len(row)) for row in cells[header_at + 1:]]
    frame = pd.DataFrame(body, columns=headers, dtype="str")
    rows = np.arange(header_at + 2, header_at + 2 + len(body))
    info = {"format": "Excel (.xlsx)", "sheet": sheet.title, "header_row": header_at + 1, "encoding": "UTF-8",
            "encoding_source": "format"}
    return Source(headers, lambda: in_chunks(frame, rows, [], chunk_size), info)


def _sheet(workbook, name, path):
    if name is None:
        return workbook.worksheets[0]
    if name not in workbook.sheetnames:
        raise InputFileError(f"no sheet {name!r}; sheets: {', '.join(workbook.sheetnames)}", file=str(path))
    return workbook[name]


def _header_index(cells, mapping):
    """0-based index of the header row: the first of the first ten naming a ticket number or time, else
    the first non-empty row (whose headers the layout check will then list)."""
    for index, row in enumerate(cells[:_HEADER_SEARCH_ROWS]):
        if looks_like_header(row, mapping):
            return index
    filled = [i for i, row in enumerate(cells) if any(row)]
    return filled[0] if filled else 0


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return decode_excel_escapes(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def _unique(headers):
    """Header texts, blank ones named by position, repeated ones numbered (as pandas does)."""
    names, seen = [], {}
    for position, header in enumerate(headers, start=1):
        name = header.strip() or f"(column {position})"
        seen[name] = seen.get(name, -1) + 1
        names.append(f"{name}.{seen[name]}" if seen[name] else name)
    return names


# --- GeoJSON and Open311 -----------------------------------------------------------------------------

def json_source(path, chunk_size):
    """The :class:`Source` of a GeoJSON FeatureCollection or an Open311 list of requests."""
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InputFileError(f"not a UTF-8 JSON document: {error}", file=str(path)) from None
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        return _geojson_source(path, document, chunk_size)
    if path.suffix.lower() == ".json" and isinstance(document, list) and all(isinstance(d, dict) for d in document):
        return table_source(document, OPEN311_FIELDS, chunk_size, {"format": "Open311 GeoReport v2"},
                             (WGS84_LABEL, "Open311 GeoReport v2 (lat/long are WGS 84)"), [], {})
    raise InputFileError("neither a GeoJSON FeatureCollection nor a JSON list of Open311 (GeoReport v2) "
                         "requests", file=str(path))


def _geojson_source(path, document, chunk_size):
    features = [f if isinstance(f, dict) else {} for f in document.get("features") or []]
    if not features:
        raise InputFileError("the FeatureCollection has no features: no incidents, and no properties to "
                             "check the layout by", file=str(path))
    properties = [dict(f.get("properties") or {}) for f in features]
    problems = []
    for number, (feature, props) in enumerate(zip(features, properties), start=1):
        props[GEOMETRY_X], props[GEOMETRY_Y] = _point(feature.get("geometry"), number, problems)
    point = {"x": GEOMETRY_X, "y": GEOMETRY_Y}
    return table_source(properties, (), chunk_size, {"format": "GeoJSON"}, _geojson_crs(path, document),
                         problems, point)


def _point(geometry, number, problems):
    """``(x, y)`` of a Point geometry; None for a missing one, a warning for anything else."""
    if not geometry:
        return None, None
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if kind == "Point" else None
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        problems.append(RowProblem(number, "coordinates", f"{kind or 'malformed'} geometry, not a Point; "
                                   "coordinates ignored", WARNING))
        return None, None
    return coordinates[0], coordinates[1]


def _geojson_crs(path, document):
    if "crs" not in document:
        return WGS84_LABEL, "RFC 7946 (a GeoJSON without a crs member is WGS 84)"
    try:
        spec = crs_from_pyproj(document["crs"]["properties"]["name"])
    except (GridgovError, KeyError, TypeError, ValueError) as error:
        raise InputFileError(f"unreadable crs member: {error}", file=str(path)) from None
    if spec.epsg is None:
        raise InputFileError(f"the crs member ({spec.label}) has no EPSG code; pass crs=", file=str(path))
    return spec.label, "the file's crs member"
