"""Address register files (标准地址库) and gazetteer files (地名库), in and out.

A register file has a line per door plate, building, unit or room, in the layouts offices export. Columns,
by their English or usual Chinese header (a file needs the address parts; a point or a cell code is how
a line finds its micro-grid, :mod:`grids.addresses.register`):

===============  ===================================================  =====================================
column           headers                                              value
===============  ===================================================  =====================================
district         区县, 所属区县, 区(县), 行政区                        for the composed address only
street           街道, 乡镇(街道), 街道(乡镇), 乡镇                     for the report
community        社区, 社区(村), 村(社区), 居委会, 村居                 for the report
road             路, 街路巷, 街路巷名, 道路名称, 路(街巷)名, 街巷        the road of the door plate
door_number      门牌号, 门(楼)牌号, 门牌                               135 or 135号
compound         小区, 小区名称, 小区(院落), 院落名称, 村庄              the compound or village
building_number  楼栋号, 楼号, 幢号, 楼栋                               6 or 6号楼 / 6栋 / 6幢
unit             单元号, 单元                                           4 or 4单元
full_address     标准地址, 完整地址, 地址全称, 详细地址, 地址           composed from the parts when absent
address_code     地址编码, 标准地址编码, 门牌编码                       the register's own code, kept
cell_code        微网格编码, 楼栋编码, 单元编码, 网格单元编码, cell_code  the micro-grid's code
x, y             经度/纬度, lon/lat, x/y                                 a point (``--crs``, default WGS 84)
===============  ===================================================  =====================================

CSV (UTF-8 or GBK) and ``.xlsx`` are read as text; Shapefile, GeoPackage and GeoJSON are read by the
boundary reader (their CRS and encoding rules), a point feature giving the point and any other shape its
point on surface. A file refused as a whole (unreadable, no address column, a field too long, a
coordinate that is no number) says the file, row and field; lines that find no micro-grid are skipped and
listed (``--unmatched FILE`` writes them as CSV).

A gazetteer file has a line per place: 名称 (name), 类别 (kind: 市场, 学校, 公园, 小区别名 …), and what it
means — 网格编码/单元编码 (a cell code), a point (经度/纬度), or 小区 (the compound an other name stands for).
"""
import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from etl.boundaries.reader import read_boundary_file
from etl.table_file import cell_text, find_columns, read_table
from gis.crs import WGS84_EPSG, epsg_spec, parse_crs, points_from_storage, points_to_storage
from gis.errors import InputFileError
from gis.text_cells import text_row
from grids import limits
from grids.addresses.gazetteer import save_places
from grids.addresses.register import RegisterLine, register_lines, save_register
from grids.cells import generations
from grids.errors import ImportRefused

REGISTER_HEADERS = {
    "district": ("district", "区县", "所属区县", "区(县)", "区（县）", "行政区", "区县名称"),
    "street": ("street", "街道", "乡镇(街道)", "街道(乡镇)", "乡镇（街道）", "街道（乡镇）", "乡镇", "街道名称"),
    "community": ("community", "社区", "社区(村)", "村(社区)", "社区（村）", "村（社区）", "居委会", "村居", "社区名称"),
    "road": ("road", "路", "街路巷", "街路巷名", "道路名称", "路(街巷)名", "路（街巷）名", "街巷", "路名"),
    "door_number": ("door_number", "门牌号", "门(楼)牌号", "门（楼）牌号", "门牌"),
    "compound": ("compound", "小区", "小区名称", "小区(院落)", "小区（院落）", "院落名称", "村庄"),
    "building_number": ("building_number", "楼栋号", "楼号", "幢号", "楼栋"),
    "unit": ("unit", "单元号", "单元"),
    "full_address": ("full_address", "标准地址", "完整地址", "地址全称", "详细地址", "地址"),
    "address_code": ("address_code", "地址编码", "标准地址编码", "门牌编码"),
    "cell_code": ("cell_code", "微网格编码", "楼栋编码", "单元编码", "网格单元编码"),
    "x": ("x", "lon", "lng", "longitude", "经度"),
    "y": ("y", "lat", "latitude", "纬度"),
}
PLACE_HEADERS = {
    "name": ("name", "名称", "地名", "地点名称"),
    "kind": ("kind", "类别", "类型", "地名类别"),
    "cell_code": ("cell_code", "网格编码", "单元编码", "单元格编码", "所在单元"),
    "compound": ("compound", "小区", "小区名称", "标准名称"),
    "x": REGISTER_HEADERS["x"], "y": REGISTER_HEADERS["y"],
}
EXPORT_HEADERS = {"district": "区县", "street": "街道", "community": "社区", "road": "街路巷", "door_number": "门牌号",
                  "compound": "小区", "building_number": "楼栋号", "unit": "单元号", "full_address": "标准地址",
                  "address_code": "地址编码", "cell_code": "微网格编码", "lon": "经度", "lat": "纬度"}
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
GEO_SUFFIXES = (".shp", ".zip", ".gpkg", ".geojson", ".json")
MARKERS = {"door_number": "号", "building_number": "号楼", "unit": "单元"}
BARE = re.compile(r"^[0-9A-Za-z]+$")                 # 135, 6, B: a numbered part without its marker
FIELD_LIMITS = {"district": limits.NAME, "street": limits.NAME, "community": limits.NAME, "road": limits.NAME,
                "door_number": limits.NAME, "compound": limits.NAME, "building_number": limits.NAME,
                "unit": limits.NAME, "full_address": limits.ADDRESS, "address_code": limits.NAME,
                "cell_code": limits.CATEGORY, "x": limits.CATEGORY, "y": limits.CATEGORY}
ADDRESS_PARTS = ("road", "door_number", "compound", "building_number", "unit")


def import_address_file(conn, path, *, crs=None, layer=None, encoding=None):
    """Read the register file ``path`` and write its lines (:func:`grids.addresses.register.save_register`);
    the report as a dict. A file-wide problem refuses it, and nothing is written."""
    path = Path(path)
    frame, points = _register_frame(path, crs, layer, encoding)
    columns = find_columns(path, frame, REGISTER_HEADERS, ())
    if not any(part in columns for part in (*ADDRESS_PARTS, "full_address")):
        raise InputFileError("no address column (headers: 街路巷, 门牌号, 小区, 楼栋号, 单元号 or 标准地址)",
                             file=str(path))
    lines, problems = [], []
    for index, record in enumerate(frame.to_dict("records")):
        number = index + 2 if points is None else index + 1     # a table's header is row 1; features from 1
        fields = {field: cell_text(record.get(header)) for field, header in columns.items()}
        found = _field_problems(fields)
        point = _point(fields, points, index, found)
        problems += [f"row {number}: {p}" for p in found]
        lines.append(RegisterLine(number, _parts(fields), fields.get("cell_code") or None, *point))
    if problems:
        raise ImportRefused(f"{path.name}: {len(problems)} problem(s); nothing was written", problems, file=str(path))
    if points is None:
        for line, point in zip(lines, _to_storage(lines, crs)):
            line.lon, line.lat = point or (None, None)
    return save_register(conn, lines, str(path)).as_dict()


def write_unmatched(report, path):
    """The rows an import skipped, as a CSV for the office (UTF-8 with BOM, so Excel reads it)."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("行号", "原因", "地址"))
        writer.writerows(text_row((s["row"], s["reason"], s["address"])) for s in report["skipped_rows"])


def export_address_file(conn, path, *, generation=None, crs=None):
    """Write the register of ``generation`` (default the working one) in the register layout: CSV (UTF-8
    with BOM) or .xlsx, a point inside each micro-grid in ``crs`` (default WGS 84)."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputFileError("write the address register as .csv or .xlsx", file=str(path))
    generation = generations.resolve(conn, generation)
    frame = pd.DataFrame(register_lines(conn, generation), columns=list(EXPORT_HEADERS))
    spec = parse_crs(crs) if crs else epsg_spec(WGS84_EPSG)
    lon, lat = points_from_storage(frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float), spec)
    frame["lon"], frame["lat"] = np.round(lon, 7), np.round(lat, 7)
    frame = frame[list(EXPORT_HEADERS)].rename(columns=EXPORT_HEADERS)
    frame = pd.DataFrame([text_row(row) for row in frame.itertuples(index=False)], columns=frame.columns)
    if path.suffix.lower() == ".xlsx":
        frame.to_excel(path, index=False, sheet_name="标准地址")
    else:
        frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return {"file": str(path), "generation": generation, "addresses": len(frame)}


def import_place_file(conn, path, *, crs=None):
    """Read the gazetteer file ``path`` (CSV or .xlsx) and write its names, all or nothing."""
    path = Path(path)
    frame = read_table(path, "place names")
    columns = find_columns(path, frame, PLACE_HEADERS, ("name",))
    places, problems = [], []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        fields = {field: cell_text(record.get(header)) for field, header in columns.items()}
        found = []
        point = _point(fields, None, None, found)
        problems += [f"row {number}: {p}" for p in found]
        places.append({"row": number, "name": fields.get("name") or "", "kind": fields.get("kind") or "",
                       "cell_code": fields.get("cell_code") or None, "compound": fields.get("compound") or None,
                       "lon": point[0], "lat": point[1]})
    if problems:
        raise ImportRefused(f"{path.name}: {len(problems)} problem(s); nothing was written", problems, file=str(path))
    for place, point in zip(places, _to_storage(places, crs)):
        place["lon"], place["lat"] = point or (None, None)
    try:
        return save_places(conn, places, str(path))
    except ImportRefused as refused:
        refused.context["file"] = str(path)
        raise


def _register_frame(path, crs, layer, encoding):
    """The file's attributes as text, and its points in storage coordinates (None for a table)."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return read_table(path, "an address register"), None
    if suffix not in GEO_SUFFIXES:
        raise InputFileError(f"cannot read an address register from {suffix or 'a file without extension'}; "
                             f"use {', '.join(TABLE_SUFFIXES + GEO_SUFFIXES)}", file=str(path))
    source = read_boundary_file(path, layer=layer, encoding=encoding, crs=crs)
    geoms = np.asarray(source.frame.geometry.values, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    points = np.full(len(geoms), None, dtype=object)
    points[present] = shapely.point_on_surface(geoms[present])
    attributes = source.frame.drop(columns=[source.frame.geometry.name, "feature_index", "feature_id"],
                                   errors="ignore")
    return attributes.astype(object).map(_as_text), points


def _as_text(value):
    """An attribute as a register reads it: 248.0 (a DBF's number) is 248, a missing value None."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _field_problems(fields):
    found = [f"{field}: {problem}" for field, maximum in FIELD_LIMITS.items()
             if (problem := limits.text_problem(fields.get(field) or "", maximum))]
    if not found and not any(fields.get(part) for part in (*ADDRESS_PARTS, "full_address")):
        found.append("address: the line has no address part")
    return found


def _point(fields, points, index, found):
    """(lon, lat) of a row: the feature's point, else its x/y columns as numbers (not yet converted)."""
    if points is not None:
        point = points[index]
        return (None, None) if point is None else (point.x, point.y)
    x, y = fields.get("x"), fields.get("y")
    if not x and not y:
        return None, None
    try:
        lon, lat = float(x), float(y)
    except (TypeError, ValueError):
        found.append(f"x/y: ({x!r}, {y!r}) is not a pair of numbers")
        return None, None
    if not (np.isfinite(lon) and np.isfinite(lat)):
        found.append(f"x/y: ({x!r}, {y!r}) is not a pair of finite numbers")
        return None, None
    return lon, lat


def _to_storage(items, crs):
    """The points of ``items`` (objects or dicts with ``lon``, ``lat``, in ``crs``, default WGS 84) in
    storage coordinates, as a list of (lon, lat), None where an item has no point."""
    spec = parse_crs(crs) if crs else epsg_spec(WGS84_EPSG)
    pairs = [(item["lon"], item["lat"]) if isinstance(item, dict) else (item.lon, item.lat) for item in items]
    has = np.array([lon is not None for lon, _ in pairs], dtype=bool)
    xy = np.array([pair if ok else (np.nan, np.nan) for pair, ok in zip(pairs, has)], dtype=float).reshape(-1, 2)
    lon, lat = points_to_storage(xy[has, 0], xy[has, 1], spec)
    converted = iter(zip(lon.tolist(), lat.tolist()))
    return [next(converted) if ok else None for ok in has]


def _parts(fields):
    """The register's parts of a row: numbered parts with their markers, the full address composed
    when the file has none."""
    parts = {field: fields.get(field) or None for field in (*ADDRESS_PARTS, "full_address", "address_code")}
    for field, marker in MARKERS.items():
        if parts[field] and BARE.match(parts[field]):
            parts[field] += marker
    if not parts["full_address"]:
        plate = f"{fields.get('district') or ''}{parts['road'] or ''}{parts['door_number'] or ''}"
        place = f"{parts['compound'] or ''}{parts['building_number'] or ''}{parts['unit'] or ''}"
        parts["full_address"] = f"{plate} {place}".strip()
    return parts
