"""The demo incidents as the channels' own export files, the way each system hands them over.

Concept: the intake never sees ``DemoIncidents.records``; it sees files. Each channel's file has the
layout, encoding and habits of its source system, so reading the six files exercises what reading real
exports does:

========== ======================= =============== ==============================================
channel    file                    encoding        layout
========== ======================= =============== ==============================================
hotline    hotline_12345_{y}.csv   GBK, CRLF       12345 export: 工单编号, 受理时间, 事件类型 …
police110  police110_{y}.csv       UTF-8           非警务警情 hand-over: 警情编号 … 经度, 纬度 (WGS 84)
patrol     patrol_{y}.csv          UTF-8 with BOM  patrol app export: 上报编号 … 经度, 纬度 (WGS 84)
app        app_{y}.geojson         UTF-8           FeatureCollection of GCJ-02 points, 坐标系 "GCJ-02"
petition   petition_{y}.csv        UTF-8           信访 register: 受理编号, 登记时间, 问题类型 …
assigned   assigned_{y}.csv        UTF-8           上级交办: 案件编号, 受理时间, 事件分类 …
========== ======================= =============== ==============================================

Each channel's ``attributes`` become its extra columns (properties). Where the brief of a channel did not
fix the headers (petition, assigned, app), they are ones the intake recognises
(:mod:`grids.incidents.intake.fields`), so those files import without a mapping; the hotline, 110 and patrol layouts are as specified. Broken rows are written as real
exports break: a date cell holding ``2025-03-32 …``, ``0000-00-00 00:00:00``, ``########`` (Excel's too
narrow column) or nothing; an empty ticket number; ``0``/``0`` or swapped coordinates.
"""
import json
from pathlib import Path

import pandas as pd

LAYOUTS = {  # channel: (file name, encoding, line end, {header: standard column})
    "hotline": ("hotline_12345_{year}.csv", "gbk", "\r\n", {
        "工单编号": "source_ref", "受理时间": "reported_at", "事件类型": "category_text", "工单标题": "title",
        "诉求内容": "description", "诉求地址": "address", "联系人": "reporter_name", "联系电话": "reporter_phone"}),
    "police110": ("police110_{year}.csv", "utf-8", "\n", {
        "警情编号": "source_ref", "报警时间": "reported_at", "警情类别": "category_text", "简要案情": "description",
        "发生地址": "address", "经度": "x", "纬度": "y", "报警人": "reporter_name", "联系电话": "reporter_phone"}),
    "patrol": ("patrol_{year}.csv", "utf-8-sig", "\n", {
        "上报编号": "source_ref", "上报时间": "reported_at", "事件类型": "category_text", "事件描述": "description",
        "经度": "x", "纬度": "y", "上报人": "reporter_name"}),
    "app": ("app_{year}.geojson", "utf-8", None, {
        "编号": "source_ref", "上报时间": "reported_at", "类别": "category_text", "标题": "title",
        "问题描述": "description", "地址": "address", "联系人": "reporter_name", "手机号": "reporter_phone"}),
    "petition": ("petition_{year}.csv", "utf-8", "\n", {
        "受理编号": "source_ref", "登记时间": "reported_at", "问题类型": "category_text", "标题": "title",
        "问题描述": "description", "事发地址": "address", "反映人": "reporter_name", "联系电话": "reporter_phone"}),
    "assigned": ("assigned_{year}.csv", "utf-8", "\n", {
        "案件编号": "source_ref", "受理时间": "reported_at", "事件分类": "category_text", "标题": "title",
        "内容": "description", "事发地址": "address", "联系人": "reporter_name", "联系电话": "reporter_phone"}),
}
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
APP_CRS = "GCJ-02"


def write_channel_files(incidents, folder):
    """Write one export file per channel of ``incidents`` (``DemoIncidents``) into ``folder``.

    Returns
    -------
    dict
        ``{channel: pathlib.Path}``, in the order of ``LAYOUTS``.

    Example::

        paths = write_channel_files(incidents, tmp_path)
        pd.read_csv(paths["hotline"], encoding="gb18030", dtype=str).columns[0]
        # '工单编号'
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = incidents.records
    paths = {}
    for channel, (name, encoding, line_end, headers) in LAYOUTS.items():
        rows = records[records["channel"] == channel]
        path = folder / name.format(year=incidents.year)
        table = _table(rows, headers, iso_time=channel == "app")
        if channel == "app":
            _write_geojson(path, table, rows)
        else:
            table.to_csv(path, index=False, encoding=encoding, lineterminator=line_end, errors="strict")
        paths[channel] = path
    return paths


def _table(rows, headers, iso_time):
    """The export's columns as text: standard fields under the channel's headers, then its attributes."""
    table = pd.DataFrame(index=rows.index)
    for header, column in headers.items():
        if column == "reported_at":
            table[header] = _times(rows, iso_time)
        elif column in ("x", "y"):
            table[header] = [_number(v) for v in rows[column]]
        else:
            table[header] = rows[column].to_numpy(dtype=object)
    extra = pd.DataFrame(list(rows["attributes"]), index=rows.index)
    return pd.concat([table, extra], axis=1)


def _times(rows, iso_time):
    """Report times as the export prints them; rows with a broken date get what broken exports hold."""
    local = rows["true_reported_at"]
    text = local.map(lambda t: t.isoformat()) if iso_time else local.dt.strftime(TIME_FORMAT)
    broken = (rows["truth_broken"] == "bad_date").to_numpy()
    text = text.to_numpy(dtype=object)
    text[broken] = [_bad_date(t, row) for t, row in zip(local[broken], rows.loc[broken, "row"])]
    return text


def _bad_date(time, row):
    """One of four ways a date cell goes wrong, chosen by row number."""
    return (f"{time:%Y-%m}-32 {time:%H:%M:%S}", "0000-00-00 00:00:00", "########", None)[row % 4]


def _number(value):
    """A coordinate as an export prints it: up to 6 decimals, '0' for zero, empty for none."""
    if value is None:
        return None
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _write_geojson(path, table, rows):
    """A FeatureCollection of points in GCJ-02 (RFC 7946 says WGS 84; Chinese apps ignore it, so say so)."""
    features = []
    for (_, properties), x, y in zip(table.iterrows(), rows["x"], rows["y"]):
        geometry = None if x is None else {"type": "Point", "coordinates": [x, y]}
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {**_plain(properties), "坐标系": APP_CRS}})
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle, ensure_ascii=False)


def _plain(properties):
    return {key: (None if pd.isna(value) else value) for key, value in properties.items()}
