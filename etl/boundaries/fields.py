"""The fields of a boundary file mapped to what a cell has: code, name, parent code, kind, households,
population, and everything else as the cell's ``attributes``.

Concept: a file's columns are found by the ``--*-field`` options or, failing those, among the usual names
(English and Chinese) of :data:`FIELD_CANDIDATES`. Values are cleaned the same way in every format: codes
are text (a numeric 370212.0 is '370212'), Excel's ``_xHHHH_`` escapes in text are decoded (``_x000D_`` is
a carriage return), and a nested value (a GeoJSON label point ``cp: [120.4, 36.1]``, a ``parent:
{adcode: 370200}``) is kept as its JSON text, so every attribute is one value a flat export file can hold
and re-import unchanged. A bad value is refused naming the file, the feature and the field.
"""
import json
import math
import re

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.errors import InputFileError

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
# Excel (OOXML) writes a character it cannot keep in a cell as _xHHHH_ (a carriage return: _x000D_).
EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def map_fields(frame, path, **explicit):
    """``{role: column or None}``: explicit choices (which must exist), else the usual names."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    chosen = {}
    for role, candidates in FIELD_CANDIDATES.items():
        wanted = explicit.get(role)
        if wanted is not None and wanted not in columns:
            raise InputFileError(f"no field {wanted!r} for the {role}; fields are: {', '.join(columns)}",
                                 file=str(path), field=wanted)
        chosen[role] = wanted or next((c for c in candidates if c in columns and _is_scalar_field(frame[c])), None)
    if chosen["code"] is None and chosen["name"] is None:
        raise InputFileError(f"neither a code nor a name field found; fields are: {', '.join(columns)} "
                             "(use --code-field / --name-field)", file=str(path))
    return chosen


def _is_scalar_field(column):
    """Whether a column holds plain values: DataV's ``parent: {adcode: …}`` is no parent code field."""
    return not any(_is_nested(v) for v in column)


def cell_frame(frame, chosen, path, kind=None):
    """The frame :func:`grids.cells.boundaries.import_cells` takes, built from a file's features.

    ``kind`` (the ``--kind`` option) wins over the file's kind field: the cells then carry no kind of their
    own, and :func:`kind_disagreements` says where the file said otherwise.
    """
    out = pd.DataFrame({"feature_index": frame["feature_index"].values,
                        "feature_id": frame["feature_id"].values if "feature_id" in frame else None})
    for role in ("code", "parent_code"):
        out[role] = _column(frame, chosen[role], path, code_text)
    out["name"] = _column(frame, chosen["name"] or chosen["code"], path, _text)
    out["kind"] = _column(frame, chosen["kind"], path, _kind) if kind is None else None
    for role in ("households", "population"):
        out[role] = _column(frame, chosen[role], path, _count)
    mapped = {c for c in chosen.values() if c} | EXPORT_ONLY | {frame.geometry.name}
    extra = [c for c in frame.columns if c not in mapped]
    out["attributes"] = [_attributes(row) for row in frame[extra].to_dict("records")]
    return gpd.GeoDataFrame(out, geometry=frame.geometry.values, crs=frame.crs)


def _column(frame, column, path, clean):
    """The values of ``column`` cleaned by ``clean(value)``; a bad value refused naming file, feature, field."""
    if column is None:
        return None
    values = []
    for index, value in zip(frame["feature_index"], frame[column]):
        try:
            values.append(clean(value))
        except ValueError as error:
            raise InputFileError(str(error), file=str(path), feature=int(index), field=column) from None
    return values


def kind_disagreements(frame, kind_field, option):
    """A warning naming both when the file's kind field says otherwise than ``--kind`` (which wins)."""
    if option is None or kind_field is None:
        return []
    said = [(i, _text(v)) for i, v in zip(frame["feature_index"], frame[kind_field])]
    differing = [(i, text) for i, text in said if text is not None and KIND_NAMES.get(text, text) != option]
    if not differing:
        return []
    values = ", ".join(sorted({text for _, text in differing}))
    features = ", ".join(str(i) for i, _ in differing[:10]) + (" …" if len(differing) > 10 else "")
    return [f"--kind {option} wins over the file's field {kind_field!r}, which says {values} for "
            f"{len(differing)} feature(s) (features {features})"]


def decode_excel_escapes(text):
    """``text`` with Excel's ``_xHHHH_`` escapes decoded.

    >>> decode_excel_escapes("中韩社区_x000D_居委会")
    '中韩社区\\r居委会'
    """
    return EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _missing(value):
    if _is_nested(value):
        return False
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def _is_nested(value):
    return isinstance(value, (list, tuple, dict, np.ndarray))


def _text(value):
    if _is_nested(value):
        raise ValueError(f"a text must be one value, not {_plain(value)}")
    return None if _missing(value) else decode_excel_escapes(str(value)).strip()


def code_text(value):
    """Codes as text: a numeric field's 370212.0 becomes '370212'."""
    if _is_nested(value):
        raise ValueError(f"a code must be one value, not {_plain(value)}")
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return str(int(value))
    return _text(value)


def _kind(value):
    text = _text(value)
    if text is None:
        return None
    if text not in KIND_NAMES:
        raise ValueError(f"unknown kind {text!r}; kinds are {', '.join(sorted(set(KIND_NAMES)))}")
    return KIND_NAMES[text]


def _count(value):
    if _missing(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if number < 0 or not number.is_integer():
        raise ValueError(f"a count must be a whole number ≥ 0, got {value!r}")
    return int(number)


def _attributes(record):
    return {k: _plain(v) for k, v in record.items() if not _missing(v)}


def _plain(value):
    """A JSON-friendly scalar: numpy scalars and timestamps plain Python, text with Excel's escapes
    decoded, a nested value (list, dict) its JSON text."""
    if _is_nested(value):
        return json.dumps(_nested_plain(value), ensure_ascii=False)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, str):
        return decode_excel_escapes(value)
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def _nested_plain(value):
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): _nested_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nested_plain(v) for v in value]
    return value.item() if hasattr(value, "item") else value
