"""``gridgov boundaries import``: a boundary file into the draft generation.

The file is read by :mod:`etl.boundaries.reader` (format, CRS, encoding), its fields are mapped to the cell's
code, name, parent code, kind, households and population, and :func:`grids.cells.boundaries.import_cells`
does the rest. Fields not mapped are kept in the cell's ``attributes``. Field names are found by the
``--*-field`` options or, failing those, among the usual names (English and Chinese) listed below.
"""
import json
import math

import geopandas as gpd
import pandas as pd

from etl.boundaries.reader import read_boundary_file
from gis.errors import InputFileError
from gis.sqlfiles import load
from grids.cells.boundaries import import_cells
from grids.planning import drafts

FIELD_CANDIDATES = {
    "code": ("code", "CODE", "编码", "代码", "网格编码", "网格代码", "区划代码", "adcode", "grid_code", "gridcode"),
    "name": ("name", "NAME", "Name", "名称", "网格名称", "区划名称", "mc", "MC"),
    "parent_code": ("parent_code", "parent_cod", "PARENT_CODE", "parent", "上级编码", "上级代码", "所属编码"),
    "kind": ("kind", "KIND", "类型", "网格类型"),
    "households": ("households", "HOUSEHOLDS", "户数", "hh"),
    "population": ("population", "POPULATION", "人口", "人口数", "pop"),
}
# Columns our own exports write that are derived, not attributes of the cell.
EXPORT_ONLY = {"level", "area_m2", "generation", "generation_low", "generation_high", "feature_index", "feature_id"}
KIND_NAMES = {"basic": "basic", "基础网格": "basic", "综合网格": "basic", "dedicated": "dedicated",
              "专属网格": "dedicated", "building": "building", "楼栋": "building", "stairwell": "stairwell",
              "单元": "stairwell", "楼道": "stairwell"}


def import_boundary_file(conn, path, level, *, kind=None, crs=None, encoding=None, layer=None,
                         code_field=None, name_field=None, parent_field=None, repair=False, progress=None):
    """Read ``path`` and import its features as cells of ``level``; return the report as a dict."""
    progress = progress or (lambda message: None)
    progress(f"reading {path}")
    source = read_boundary_file(path, layer=layer, encoding=encoding, crs=crs)
    chosen = map_fields(source.frame, path, code=code_field, name=name_field, parent_code=parent_field)
    frame = cell_frame(source.frame, chosen, path)
    report = import_cells(conn, frame, level, kind, repair=repair, progress=progress)
    report.warnings = list(source.warnings) + report.warnings
    if chosen["name"] is None:
        report.warnings.append("no name field: names are the codes")
    result = {"file": str(path), "crs": source.source_crs, "crs_source": source.crs_source,
              "encoding": source.encoding, "encoding_source": source.encoding_source, "fields": chosen, **report.as_dict()}
    _record(conn, report.generation, str(path), level, result)
    result["draft_revision"] = drafts.record_import(conn, report.generation, {"file": str(path), "level": level})
    return result


def map_fields(frame, path, **explicit):
    """``{role: column or None}``: explicit choices (which must exist), else the usual names."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    chosen = {}
    for role, candidates in FIELD_CANDIDATES.items():
        wanted = explicit.get(role)
        if wanted is not None and wanted not in columns:
            raise InputFileError(f"no field {wanted!r} for the {role}; fields are: {', '.join(columns)}",
                                 file=str(path), field=wanted)
        chosen[role] = wanted or next((c for c in candidates if c in columns), None)
    if chosen["code"] is None and chosen["name"] is None:
        raise InputFileError(f"neither a code nor a name field found; fields are: {', '.join(columns)} "
                             "(use --code-field / --name-field)", file=str(path))
    return chosen


def cell_frame(frame, chosen, path):
    """The frame :func:`grids.cells.boundaries.import_cells` takes, built from a file's features."""
    out = pd.DataFrame({"feature_index": frame["feature_index"].values,
                        "feature_id": frame["feature_id"].values if "feature_id" in frame else None})
    for role in ("code", "parent_code"):
        out[role] = [_code_text(v) for v in frame[chosen[role]]] if chosen[role] else None
    name_source = chosen["name"] or chosen["code"]
    out["name"] = [_text(v) for v in frame[name_source]]
    out["kind"] = [_kind(v, i, path) for i, v in zip(frame["feature_index"], frame[chosen["kind"]])] \
        if chosen["kind"] else None
    for role in ("households", "population"):
        out[role] = [_count(v, i, role, path) for i, v in zip(frame["feature_index"], frame[chosen[role]])] \
            if chosen[role] else None
    mapped = {c for c in chosen.values() if c} | EXPORT_ONLY | {frame.geometry.name}
    extra = [c for c in frame.columns if c not in mapped]
    out["attributes"] = [_attributes(row) for row in frame[extra].to_dict("records")]
    return gpd.GeoDataFrame(out, geometry=frame.geometry.values, crs=frame.crs)


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def _text(value):
    return None if _missing(value) else str(value).strip()


def _code_text(value):
    """Codes as text: a numeric field's 370212.0 becomes '370212'."""
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return str(int(value))
    return _text(value)


def _kind(value, index, path):
    text = _text(value)
    if text is None:
        return None
    if text not in KIND_NAMES:
        raise InputFileError(f"unknown kind {text!r}; kinds are {', '.join(sorted(set(KIND_NAMES)))}",
                             file=str(path), feature=index, field="kind")
    return KIND_NAMES[text]


def _count(value, index, role, path):
    if _missing(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if number < 0 or not number.is_integer():
        raise InputFileError(f"{role} must be a whole number ≥ 0, got {value!r}",
                             file=str(path), feature=index, field=role)
    return int(number)


def _attributes(record):
    return {k: _plain(v) for k, v in record.items() if not _missing(v)}


def _plain(value):
    """A JSON-friendly value (numpy scalars and timestamps become plain Python)."""
    if hasattr(value, "item"):
        value = value.item()
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def _record(conn, generation, source, level, result):
    with conn.cursor() as cur:
        cur.execute(
            load("etl.boundaries", "boundary_import_log"),
            {"generation": generation, "source": source, "level": level,
             "summary": json.dumps(result, ensure_ascii=False, default=str)},
        )
