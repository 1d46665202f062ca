"""etl.incidents.reader: incident exports of every channel and format into standard records, no database.

Data (see tests/data/README.md): two real NYC 311 samples (2011 with 72 mis-encoded rows, 2013) with a
mapping file, and 20 made-up 12345 tickets in 崂山区 as a GBK CSV and an Excel workbook. Open311 and
GeoJSON documents, BOM and UTF-16 variants and broken files are built inline.
"""
import json

import numpy as np
import pandas as pd
import pytest

from etl.incidents.reader import RECORD_COLUMNS, read_incidents
from gis.errors import InputFileError
from tests.conftest import DATA

NYC_2011 = DATA / "nyc311_2011_sample.csv"
NYC_2013 = DATA / "nyc311_2013_sample.csv"
NYC_MAPPING = DATA / "nyc311_mapping.toml"
HOTLINE_CSV = DATA / "hotline_gbk.csv"
HOTLINE_XLSX = DATA / "hotline.xlsx"
HEADER = "工单编号,受理时间,小类,诉求地址,经度,纬度"


def read(path, **options):
    """``(all records, all problems, info of the last chunk)``."""
    chunks = list(read_incidents(path, **options))
    records = pd.concat([c.records for c in chunks], ignore_index=True)
    return records, [p for c in chunks for p in c.problems], chunks[-1].info


def write_csv(tmp_path, lines, name="t.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def problems_by_row(problems):
    return {p.row: (p.severity, p.field, p.reason) for p in problems}


# --- real files: NYC 311 ------------------------------------------------------------------------------

def test_nyc_2011_keeps_every_row_and_reports_the_72_mis_encoded_ones():
    records, problems, info = read(NYC_2011, mapping=NYC_MAPPING)
    assert len(records) == 999 and list(records.columns) == list(RECORD_COLUMNS)
    assert len(problems) == 72
    assert {(p.severity, p.field) for p in problems} == {("warning", "Resolution Description")}
    lines_with_it = {n for n, line in enumerate(NYC_2011.read_text(encoding="utf-8").splitlines(), 1) if "Â" in line}
    assert {p.row for p in problems} == lines_with_it  # no value spans lines here: row = line
    assert (problems[0].row, problems[0].source_ref) == (13, "19937942") and "Â" in problems[0].reason
    kept = records.set_index("row").loc[13, "attributes"]["Resolution Description"]
    assert "requested.Â\xa0 No further" in kept  # kept as it is, not repaired
    first = records.iloc[0]
    assert (first.row, first.source_ref, first.channel) == (2, "19937896", "hotline")
    assert first.reported_at == pd.Timestamp("2011-03-01 14:27:57", tz="America/New_York")
    assert str(records["reported_at"].dt.tz) == "America/New_York"
    assert info["encoding"] == "UTF-8" and info["timezone"] == "America/New_York"
    assert info["crs"] == "EPSG:4326" and info["crs_source"] == "mapping file"


def test_nyc_2011_coordinates_and_attributes():
    records, _, _ = read(NYC_2011, mapping=NYC_MAPPING)
    second = records.iloc[1]
    assert (second.x, second.y, second.crs) == (-73.99859430999363, 40.660811976282695, "EPSG:4326")
    assert second.address == "186 25 STREET" and second.title == "Street Cleaning - ASP"
    assert second.attributes["Community Board"] == "07 BROOKLYN" and "Latitude" not in second.attributes
    unplaced = records[records.x.isna()]
    assert len(unplaced) == 999 - records.x.notna().sum() and unplaced.crs.isna().all()
    assert records.attributes.map(lambda a: json.loads(json.dumps(a)) == a).all()


def test_nyc_2013_in_summer_time_and_headers_recognised_without_a_mapping():
    mapped, problems, _ = read(NYC_2013, mapping=NYC_MAPPING)
    assert len(mapped) == 199 and problems == []
    assert mapped.iloc[0].reported_at.isoformat() == "2013-10-31T02:08:41-04:00"
    recognised, _, info = read(NYC_2013, channel="hotline")
    assert info["columns"] == {"source_ref": "Unique Key", "reported_at": "Created Date",
                               "category_text": "Complaint Type", "title": "Descriptor",
                               "address": "Incident Address", "x": "Longitude", "y": "Latitude"}
    assert recognised.source_ref.tolist() == mapped.source_ref.tolist()


# --- the 12345 samples: GBK CSV, Excel, UTF-8 with BOM --------------------------------------------------

def test_gbk_hotline_csv():
    records, problems, info = read(HOTLINE_CSV, channel="hotline")
    assert info["encoding"] == "GBK" and info["encoding_source"].startswith("detected")
    assert len(records) == 19 and info["rows_read"] == 20
    assert problems_by_row(problems) == {
        9: ("error", "reported_at", "cannot read the date '2024-02-30 10:00:00' (受理时间)"),
        12: ("warning", "coordinates", "longitude and latitude swapped (36.1089, 120.4523); swapped back"),
        15: ("warning", "coordinates", "zero coordinates (0, 0) mean no position; ignored")}
    by_row = records.set_index("row")
    assert 9 not in by_row.index
    assert (by_row.loc[12, "x"], by_row.loc[12, "y"]) == (120.4523, 36.1089)
    assert np.isnan(by_row.loc[15, "x"]) and by_row.loc[15, "crs"] is None
    assert by_row.loc[2, "address"] == "青岛市崂山区秦岭路508号 海湾名邸1号楼2单元"
    assert by_row.loc[2, "crs"] == "EPSG:4326" and by_row.loc[3, "crs"] is None
    assert by_row.loc[2, "category_text"] == "噪声扰民" and by_row.loc[2, "attributes"]["大类"] == "城市管理"
    assert by_row.loc[5, "reported_at"] == pd.Timestamp("2024-03-06 09:15", tz="Asia/Shanghai")  # 年月日时分
    assert by_row.loc[3, "reported_at"] == pd.Timestamp("2024-03-05 16:20", tz="Asia/Shanghai")  # 2024/3/5
    assert by_row.loc[2, "reporter_name"] == "张先生" and by_row.loc[2, "reporter_phone"] == "13800000101"


def test_excel_holds_the_same_tickets_below_a_title_row():
    from_csv, csv_problems, _ = read(HOTLINE_CSV, channel="hotline")
    from_xlsx, xlsx_problems, info = read(HOTLINE_XLSX, channel="hotline")
    assert info["header_row"] == 2 and info["sheet"] == "工单明细"
    assert [(p.row - 1, p.field) for p in xlsx_problems] == [(p.row, p.field) for p in csv_problems]
    fields = [c for c in RECORD_COLUMNS if c not in ("row", "content_hash")]
    pd.testing.assert_frame_equal(from_xlsx[fields], from_csv[fields])
    assert (from_xlsx.row - 1).tolist() == from_csv.row.tolist()


def test_utf8_with_bom_reads_like_gbk(tmp_path):
    text = HOTLINE_CSV.read_bytes().decode("gbk")
    path = tmp_path / "hotline_bom.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    records, problems, info = read(path, channel="hotline")
    assert (info["encoding"], info["encoding_source"]) == ("UTF-8 (BOM)", "byte-order mark")
    expected, expected_problems, _ = read(HOTLINE_CSV, channel="hotline")
    pd.testing.assert_frame_equal(records, expected)  # content_hash too: it hashes text, not bytes
    assert problems == expected_problems


def test_utf16_tab_separated_txt(tmp_path):
    lines = [HEADER.replace(",", "\t"), "A1\t2024-03-05 14:03\t噪声扰民\t崂山区秦岭路\t120.46\t36.10"]
    records, _, info = read(write_csv(tmp_path, lines, "export.txt", "utf-16"), channel="hotline")
    assert (info["encoding"], info["delimiter"]) == ("UTF-16", "\t")
    assert records.loc[0, "address"] == "崂山区秦岭路" and records.loc[0, "x"] == 120.46


# --- Open311 and GeoJSON ------------------------------------------------------------------------------

def test_open311_requests(tmp_path):
    requests = [
        {"service_request_id": "638344", "status": "closed", "service_name": "Graffiti Removal",
         "service_code": "006", "description": "Graffiti on the wall", "agency_responsible": "DPW",
         "requested_datetime": "2010-04-14T06:37:38-08:00", "address": "8TH AVE and JUDAH ST",
         "lat": 37.762221815, "long": -122.4651145},
        {"service_request_id": "638345", "status": "open", "service_code": "017",
         "requested_datetime": "2010-04-15T06:00:00Z", "lat": None, "long": None},
    ]
    path = tmp_path / "requests.json"
    path.write_text(json.dumps(requests))
    records, problems, info = read(path, channel="app")
    assert problems == [] and info["format"] == "Open311 GeoReport v2"
    first, second = records.iloc[0], records.iloc[1]
    assert (first.x, first.y, first.crs) == (-122.4651145, 37.762221815, "EPSG:4326")  # not app's GCJ-02
    assert first.reported_at == pd.Timestamp("2010-04-14T14:37:38Z")
    assert first.category_text == "Graffiti Removal" and second.category_text == "017"
    assert first.attributes == {"status": "closed", "service_code": "006", "agency_responsible": "DPW"}
    assert records.row.tolist() == [1, 2] and second.crs is None


def geojson(features, **members):
    return {"type": "FeatureCollection", **members, "features": [
        {"type": "Feature", "geometry": geometry, "properties": properties} for geometry, properties in features]}


def test_geojson_points_and_a_crs_property(tmp_path):
    point = {"type": "Point", "coordinates": [120.4637, 36.1021]}
    document = geojson([
        (point, {"编号": "A1", "上报时间": "2024-03-05 14:03:00", "坐标系": "GCJ-02", "x": "1"}),
        (None, {"编号": "A2", "上报时间": "2024-03-05 15:00:00"}),
        ({"type": "Polygon", "coordinates": [[[120, 36], [121, 36], [121, 37], [120, 36]]]},
         {"编号": "A3", "上报时间": "2024-03-05 16:00:00"}),
        (point, {"编号": "A4", "上报时间": "2024-03-05 17:00:00"}),
    ])
    path = tmp_path / "app.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False))
    records, problems, info = read(path, channel="app")
    assert info["columns"]["x"] == "geometry (x)" and info["crs_source"].startswith("RFC 7946")
    assert records.crs.tolist() == ["GCJ-02", None, None, "EPSG:4326"]  # the property, else RFC 7946
    assert records.loc[0, "x"] == 120.4637 and records.loc[0, "attributes"] == {"x": "1"}  # one x is no point
    assert records.row.tolist() == [1, 2, 3, 4]
    assert problems_by_row(problems) == {3: ("warning", "coordinates",
                                            "Polygon geometry, not a Point; coordinates ignored")}


def test_geojson_properties_with_both_coordinates_win_over_the_geometry(tmp_path):
    """gridgov's own export: x, y, crs as first given; the geometry is where the incident was placed."""
    placed = {"type": "Point", "coordinates": [120.4601, 36.1010]}
    document = geojson([
        (placed, {"channel": "app", "source_ref": "E1", "reported_at": "2024-03-05T14:03:00+08:00",
                  "x": 120.4652, "y": 36.0998, "crs": "GCJ-02", "grid_code": "370212001001001",
                  "placement_method": "coordinates", "来源网格": "A"}),
        (placed, {"channel": "hotline", "source_ref": "E2", "reported_at": "2024-03-05T15:00:00+08:00",
                  "x": None, "y": None, "crs": None, "address": "崂山区海尔路61号", "grid_code": "370212001001001",
                  "placement_method": "address_exact"}),
    ])
    path = tmp_path / "export.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False))
    records, problems, info = read(path)
    assert problems == [] and info["columns"]["x"] == "x" and info["channel_source"] == "column channel"
    assert (records.loc[0, "x"], records.loc[0, "y"], records.loc[0, "crs"]) == (120.4652, 36.0998, "GCJ-02")
    assert np.isnan(records.loc[1, "x"]) and records.loc[1, "crs"] is None  # placed by address, not a point
    assert info["ignored"] == ["grid_code", "placement_method"]  # the store's, not the source's
    assert records.attributes.tolist() == [{"来源网格": "A"}, {}]


def test_geojson_crs_member_and_the_crs_option(tmp_path):
    point = [({"type": "Point", "coordinates": [120.4637, 36.1021]}, {"编号": "A1", "上报时间": "2024-03-05"})]
    path = tmp_path / "app.geojson"
    path.write_text(json.dumps(geojson(point, crs={"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::4490"}})))
    assert read(path, channel="app")[0].loc[0, "crs"] == "EPSG:4490"
    records, _, info = read(path, channel="app", crs="gcj02")
    assert (records.loc[0, "crs"], info["crs_source"]) == ("GCJ-02", "option")


# --- layouts ------------------------------------------------------------------------------------------

def test_mapping_file_layout(tmp_path):
    mapping = tmp_path / "wechat.toml"
    mapping.write_text('[columns]\nsource_ref = "ticket"\nreported_at = "when"\naddress = "where"\n'
                       'x = "lng_gcj"\ny = "lat_gcj"\n\n[options]\nchannel = "随手拍"\n'
                       'date_format = "%d.%m.%Y %H:%M"\ntimezone = "Asia/Shanghai"\n', encoding="utf-8")
    lines = ["ticket,when,where,lng_gcj,lat_gcj,photo",
             "W1,05.03.2024 14:03,崂山区海尔路61号,120.4571,36.1112,p1.jpg"]
    records, problems, info = read(write_csv(tmp_path, lines), mapping=mapping)
    assert problems == [] and info["channel_source"] == "mapping file"
    record = records.iloc[0]
    assert (record.channel, record.crs, record.x) == ("app", "GCJ-02", 120.4571)  # app's default CRS
    assert record.reported_at == pd.Timestamp("2024-03-05 14:03", tz="Asia/Shanghai")
    assert record.attributes == {"photo": "p1.jpg"}


@pytest.mark.parametrize("mapping, message", [
    ({"columns": {"source_ref": "no such column"}}, "is not a column of the file"),
    ({"columns": {"ticket": "工单编号"}}, "not a standard field"),
    ({"options": {"channel": "telegraph"}}, "unknown channel"),
    ({"options": {"timezone": "Mars/Olympus"}}, "unknown time zone"),
    ({"options": {"colour": "red"}}, "unknown option"),
    ({"options": {"date_format": "%Q"}}, "bad directive"),
])
def test_mapping_mistakes_are_refused(tmp_path, mapping, message):
    path = write_csv(tmp_path, [HEADER, "A1,2024-03-05,噪声,崂山区,,"])
    with pytest.raises(InputFileError, match=message):
        read(path, channel="hotline", mapping=mapping)


def test_unknown_layout_is_refused_naming_its_headers(tmp_path):
    path = write_csv(tmp_path, ["序号,日期,事项", "1,2024-03-05,噪声"])
    with pytest.raises(InputFileError) as refused:
        read(path, channel="hotline")
    text = str(refused.value)
    assert "序号, 日期, 事项" in text and "source_ref" in text and "reported_at" in text and str(path) in text


def test_no_channel_anywhere_is_refused(tmp_path):
    with pytest.raises(InputFileError, match="no channel"):
        read(write_csv(tmp_path, [HEADER, "A1,2024-03-05,噪声,崂山区,,"]))


# --- rows: numbers, errors, channels, coordinates, dates -------------------------------------------------

def test_missing_and_repeated_ticket_numbers_and_blank_lines(tmp_path):
    lines = [HEADER, "A1,2024-03-05 10:00,噪声,崂山区,,", "", ",2024-03-05 11:00,噪声,崂山区,,",
             "A1,2024-03-05 12:00,噪声,崂山区,,", "A2,,噪声,崂山区,,", '"A3",2024-03-05,"噪声\n扰民",崂山区,,',
             "A4,2024-03-05,噪声,崂山区,,,extra field", "A5,2024-03-05,噪声,崂山区,,"]
    records, problems, info = read(write_csv(tmp_path, lines), channel="hotline")
    assert records.row.tolist() == [2, 7, 9] and records.source_ref.tolist() == ["A1", "A3", "A5"]
    assert problems_by_row(problems) == {
        4: ("error", "source_ref", "no ticket number"),
        5: ("error", "source_ref", "ticket number already in row 2; this row is ignored"),
        6: ("error", "reported_at", "no report time"),
        8: ("error", None, "expected 6 fields, saw 7; row skipped")}
    assert records.loc[1, "category_text"] == "噪声\n扰民" and info["rows_read"] == 8


def test_chunks_give_the_same_records_as_one(tmp_path):
    lines = [HEADER] + [f"T{i},2024-03-05 {i % 24:02d}:00,噪声,崂山区,120.4{i},36.1" for i in range(30)]
    lines += ["T3,2024-03-06 10:00,噪声,崂山区,,", "T4,2024-03-06 11:00,噪声,崂山区,,",
              "T4,2024-03-06 12:00,噪声,崂山区,,"]  # ticket numbers of the first chunk, one of them twice
    path = write_csv(tmp_path, lines)
    whole, whole_problems, _ = read(path, channel="hotline")
    chunks = list(read_incidents(path, channel="hotline", chunk_size=7))
    assert len(chunks) == 5 and chunks[-1].info["rows_read"] == 33
    pd.testing.assert_frame_equal(pd.concat([c.records for c in chunks], ignore_index=True), whole)
    assert [p for c in chunks for p in c.problems] == whole_problems
    repeated = "ticket number already in row {}; this row is ignored"
    assert problems_by_row(whole_problems) == {32: ("error", "source_ref", repeated.format(5)),
                                               33: ("error", "source_ref", repeated.format(6)),
                                               34: ("error", "source_ref", repeated.format(6))}


def test_content_hash_is_stable_and_follows_any_change(tmp_path):
    first, _, _ = read(HOTLINE_CSV, channel="hotline")
    again, _, _ = read(HOTLINE_CSV, channel="hotline")
    assert first.content_hash.tolist() == again.content_hash.tolist()
    assert first.content_hash.is_unique
    text = HOTLINE_CSV.read_bytes().decode("gbk")
    for old, new in (("楼上夜间装修噪音", "楼上夜间装修噪声"), ("中韩街道,已办结", "中韩街道,办理中")):
        changed = tmp_path / "changed.csv"
        changed.write_bytes(text.replace(old, new, 1).encode("gbk"))
        records, _, _ = read(changed, channel="hotline")
        differs = records.content_hash != first.content_hash
        assert differs.tolist() == [True] + [False] * 18, (old, new)  # a mapped field, then an attribute


def test_channel_column_names_and_defaults(tmp_path):
    lines = ["编号,渠道,上报时间,经度,纬度", "C1,12345热线,2024-03-05,120.46,36.10", "C2,随手拍,2024-03-05,120.46,36.10",
             "C3,信访,2024-03-05,,", "C4,市长信箱,2024-03-05,,", "C5,,2024-03-05,,"]
    records, problems, info = read(write_csv(tmp_path, lines))
    assert info["channel_source"] == "column 渠道"
    assert records.channel.tolist() == ["hotline", "app", "petition"]
    assert records.crs.tolist() == ["EPSG:4326", "GCJ-02", None]
    assert problems_by_row(problems) == {
        5: ("error", "channel", "unknown channel '市长信箱'; channels: hotline, police110, patrol, app, petition, "
                                "assigned"),
        6: ("error", "channel", "no channel")}
    assert read(write_csv(tmp_path, lines), channel="police110")[0].channel.unique().tolist() == ["police110"]


def test_crs_column_per_row(tmp_path):
    lines = ["编号,上报时间,经度,纬度,坐标系", "K1,2024-03-05,120.46,36.10,gcj02", "K2,2024-03-05,120.46,36.10,BD-09",
             "K3,2024-03-05,500000,4000000,EPSG:4549", "K4,2024-03-05,120.46,36.10,", "K5,2024-03-05,120.46,36.10,火星"]
    records, problems, _ = read(write_csv(tmp_path, lines), channel="app", crs="wgs84")
    assert records.crs.tolist() == ["GCJ-02", "BD-09", "EPSG:4549", "EPSG:4326", None]
    assert [(p.row, p.severity, p.field) for p in problems] == [(6, "warning", "crs")]


@pytest.mark.parametrize("x, y, kept, reason", [
    ("120.46", "36.10", (120.46, 36.10), None),
    ("36.10", "120.46", (120.46, 36.10), "longitude and latitude swapped"),  # China's lat/lon order
    ("45.5", "-122.6", (-122.6, 45.5), "longitude and latitude swapped"),  # |y| > 90, |x| <= 90
    ("0", "0", None, "zero coordinates"),
    ("200", "36", None, "coordinates out of range"),
    ("120.46", "", None, "only one coordinate"),
    ("东经120度", "36.1", None, "not a number"),
    ("", "", None, None),
])
def test_coordinates(tmp_path, x, y, kept, reason):
    records, problems, _ = read(write_csv(tmp_path, [HEADER, f"A1,2024-03-05,噪声,崂山区,{x},{y}"]),
                                channel="patrol")
    record = records.iloc[0]
    if kept:
        assert (record.x, record.y, record.crs) == (*kept, "EPSG:4326")
    else:
        assert np.isnan(record.x) and np.isnan(record.y) and record.crs is None
    assert [p.reason.split(" (")[0] for p in problems] == ([reason] if reason else [])
    assert all(p.severity == "warning" for p in problems)


@pytest.mark.parametrize("text, expected", [
    ("2024-03-05 14:03:00", "2024-03-05T14:03:00+08:00"),
    ("2024-3-5 14:03", "2024-03-05T14:03:00+08:00"),
    ("2024/3/5 14:03", "2024-03-05T14:03:00+08:00"),
    ("2024/03/05", "2024-03-05T00:00:00+08:00"),
    ("2024年3月5日 14时03分", "2024-03-05T14:03:00+08:00"),
    ("2024年3月5日14点3分20秒", "2024-03-05T14:03:20+08:00"),
    ("20240305140300", "2024-03-05T14:03:00+08:00"),
    ("03/05/2024 02:03:00 PM", "2024-03-05T14:03:00+08:00"),
    ("03/05/2024 12:03:00 AM", "2024-03-05T00:03:00+08:00"),
    ("3/5/2024 2:03:00 pm", "2024-03-05T14:03:00+08:00"),
    ("2024-03-05T14:03:00.250", "2024-03-05T14:03:00.250000+08:00"),
    ("2024-03-05T06:03:00Z", "2024-03-05T14:03:00+08:00"),
    ("2024-03-05T01:03:00-05:00", "2024-03-05T14:03:00+08:00"),
    ("45356.5854166667", "2024-03-05T14:03:00+08:00"),  # an Excel serial day number
])
def test_date_formats(tmp_path, text, expected):
    records, problems, _ = read(write_csv(tmp_path, [HEADER, f'A1,"{text}",噪声,崂山区,,']), channel="hotline")
    assert problems == [] and records.loc[0, "reported_at"].isoformat() == expected


@pytest.mark.parametrize("text", ["2024-02-30 10:00", "2024年13月1日", "5", "昨天下午", "03/05/2024 14:03:00 PM"])
def test_unreadable_dates_are_errors(tmp_path, text):
    _, problems, _ = read(write_csv(tmp_path, [HEADER, f"A1,{text},噪声,崂山区,,"]), channel="hotline")
    assert problems_by_row(problems) == {2: ("error", "reported_at", f"cannot read the date {text!r} (受理时间)")}


def test_mixed_formats_in_one_chunk_and_an_excel_serial_in_a_workbook(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间"])
    for ref, value in (("E1", 45356.5854166667), ("E2", "2024/3/5 14:03"), ("E3", "2024-03-05T06:03:00Z")):
        sheet.append([ref, value])
    workbook.save(tmp_path / "serial.xlsx")
    records, problems, _ = read(tmp_path / "serial.xlsx", channel="assigned")
    assert problems == [] and records.reported_at.nunique() == 1


def test_bytes_that_do_not_decode_are_reported_not_dropped(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(HEADER.encode() + "\nA1,2024-03-05,噪声,崂山区秦岭路,,\nA2,2024-03-05,噪声,".encode()
                     + "崂山区".encode() + b"\xff\xfe" + "海尔路,,\n".encode())
    records, problems, info = read(path, channel="hotline")
    assert info["encoding"] == "UTF-8" and len(records) == 2
    assert [(p.row, p.severity, p.field) for p in problems] == [(3, "warning", "address")]
    assert "\ufffd" in records.loc[1, "address"]


def test_a_file_without_rows_still_says_how_it_was_read(tmp_path):
    chunks = list(read_incidents(write_csv(tmp_path, [HEADER]), channel="hotline"))
    assert len(chunks) == 1 and chunks[0].records.empty and chunks[0].info["rows_read"] == 0
    assert list(chunks[0].records.columns) == list(RECORD_COLUMNS)


@pytest.mark.parametrize("name, content, message", [
    ("t.docx", b"", "unsupported file type"),
    ("t.json", b'{"type": "Feature"}', "neither a GeoJSON FeatureCollection"),
    ("t.json", b"\xff not json", "not a UTF-8 JSON document"),
    ("t.xlsx", b"not a zip", "cannot read the Excel file"),
])
def test_unreadable_files_are_refused(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        read(path, channel="hotline")
