"""A year of synthetic incidents: deterministic, the right mix, seasons, hotspots, channel habits and files."""
import json
import time

import numpy as np
import pandas as pd
import pytest
import shapely

from etl.demo.district import build_demo_district
from etl.demo.exports import LAYOUTS, write_channel_files
from etl.demo.incidents import COLUMNS, TRUTH_COLUMNS, build_demo_incidents
from etl.demo.noise import SHARES, chinese_number, noisy_addresses
from etl.demo.profiles import CHANNEL_SHARES, CHANNELS, UNKNOWN_CATEGORIES
from gis.crs import parse_crs, points_to_storage

METRES_PER_DEGREE = 111_320.0
REF_PATTERNS = {"hotline": r"QD12345-2025-\d{7}", "police110": r"JJ370212202\d{9}", "patrol": r"XC2025\d{9}",
                "app": r"APP2025\d{10}", "petition": r"XF3702122025\d{6}", "assigned": r"JB3702122025\d{5}"}


@pytest.fixture(scope="module")
def district():
    return build_demo_district()


@pytest.fixture(scope="module")
def built(district):
    started = time.perf_counter()
    incidents = build_demo_incidents(district)
    return incidents, time.perf_counter() - started


@pytest.fixture(scope="module")
def records(built):
    return built[0].records


@pytest.fixture(scope="module")
def cells(district):
    return district.cells.set_index("code")


def _ok(records):
    return records[records["truth_broken"].isna()]


def _metres(lon, lat, lon0, lat0):
    return np.hypot((lon - lon0) * METRES_PER_DEGREE * np.cos(np.radians(lat0)), (lat - lat0) * METRES_PER_DEGREE)


def test_same_seed_same_incidents_and_another_seed_others(district):
    first = build_demo_incidents(district, seed=3, count=3_000)
    again = build_demo_incidents(district, seed=3, count=3_000)
    other = build_demo_incidents(district, seed=4, count=3_000)
    pd.testing.assert_frame_equal(first.records, again.records)
    assert first.note == again.note and "synthetic" in first.note and "fake" in first.note
    assert not first.records["true_point_lon"].equals(other.records["true_point_lon"])


def test_50k_build_in_a_few_seconds(built):
    incidents, seconds = built
    assert len(incidents.records) == 50_000
    assert seconds < 10, f"{seconds:.1f} s"


def test_count_columns_and_channel_mix(records):
    assert list(records.columns) == [*COLUMNS, *TRUTH_COLUMNS]
    shares = records["channel"].value_counts(normalize=True)
    for channel, share in zip(CHANNELS, CHANNEL_SHARES):
        assert abs(shares[channel] - share) < 0.005, channel
    assert list(pd.unique(records["channel"])) == list(CHANNELS)


def test_rows_refs_and_times_per_channel(records):
    for channel, group in records.groupby("channel", sort=False):
        assert (group["row"].to_numpy() == np.arange(1, len(group) + 1)).all()
        refs = group["source_ref"].dropna()
        assert refs.is_unique and refs.str.fullmatch(REF_PATTERNS[channel]).all(), channel
        assert group["true_reported_at"].is_monotonic_increasing
    stamps = records["true_reported_at"]
    assert str(stamps.dt.tz) == "Asia/Shanghai"
    assert (stamps.dt.year == 2025).all()
    ok = _ok(records)
    assert (ok["reported_at"] == ok["true_reported_at"]).all()


def test_category_texts_are_names_aliases_or_a_little_unknown(records):
    unknown = records["category_text"].isin(UNKNOWN_CATEGORIES).mean()
    assert 0.005 < unknown < 0.02
    tree = pd.read_csv("etl/data/categories.csv", dtype=str, keep_default_na=False).set_index("code")
    name = records["category_text"] == tree.loc[records["true_category_code"], "name"].to_numpy()
    assert 0.8 < name.mean() < 0.9
    aliases = tree.loc[records["true_category_code"], "aliases"].str.split("|")
    alias = [text in options for text, options in zip(records["category_text"], aliases)]
    assert ((name | np.array(alias)) | records["category_text"].isin(UNKNOWN_CATEGORIES)).all()


def test_heating_only_in_the_heating_season_peaking_in_december_and_january(records):
    months = records.loc[records["true_category_code"] == "0201", "true_reported_at"].dt.month.value_counts()
    assert set(months.index) <= {11, 12, 1, 2, 3}
    assert min(months[12], months[1]) > max(months[11], months[2], months[3])


def test_enrolment_disputes_peak_in_may_and_june(records):
    months = records.loc[records["true_category_code"] == "0110", "true_reported_at"].dt.month.value_counts()
    months = months.reindex(range(1, 13), fill_value=0)
    assert months[[5, 6]].mean() > 3 * months.drop([5, 6]).mean()


def test_noise_is_a_summer_and_night_time_complaint(records):
    noise = records[records["true_category_code"] == "0202"]["true_reported_at"]
    months = noise.dt.month.value_counts()
    assert months[[6, 7, 8]].sum() > 1.5 * months[[12, 1, 2]].sum()
    evening = noise.dt.hour.isin([20, 21, 22, 23]).mean()
    everything = records["true_reported_at"].dt.hour.isin([20, 21, 22, 23]).mean()
    assert evening > 1.5 * everything


def test_day_time_heavy_and_offices_rest_at_weekends(records):
    hours = records["true_reported_at"].dt.hour
    assert hours.between(8, 17).mean() > 0.6 and hours.between(0, 5).mean() < 0.05
    weekend = records["true_reported_at"].dt.day_of_week >= 5
    by_channel = weekend.groupby(records["channel"]).mean()
    assert by_channel["petition"] < 0.03 and by_channel["patrol"] < 0.15
    assert by_channel["police110"] > 2 / 7 - 0.02  # 110 is as busy at weekends
    patrol_hours = records.loc[records["channel"] == "patrol", "true_reported_at"].dt.hour
    assert patrol_hours.between(7, 17).all()


def test_a_few_buildings_hold_many_incidents(records, cells):
    in_buildings = records["true_microgrid_code"].dropna().str[:18]
    per_building = in_buildings.value_counts()
    top = per_building.iloc[: int(0.05 * (cells["kind"] == "building").sum())].sum()
    assert top / len(in_buildings) > 0.25


def test_markets_and_parks_are_hotspots_of_their_categories(records, cells):
    dedicated = records["true_grid_code"].map(cells["kind"]) == "dedicated"
    share = dedicated.groupby(records["true_category_code"]).mean()
    assert share["0106"] > 0.4 and share["0205"] > 0.3 and share["0104"] > 0.3
    assert share[["0101", "0201", "0103"]].max() < 0.02
    markets = cells.index[cells["name"].str.contains("市场") & (cells["kind"] == "dedicated")]
    vending = records[records["true_category_code"] == "0205"]
    assert vending["true_grid_code"].isin(markets).mean() > 0.2


def test_open_space_share_and_points_outside_buildings(records, cells):
    open_space = records["true_microgrid_code"].isna()
    assert 0.12 < open_space.mean() < 0.2
    points = shapely.points(records.loc[open_space, "true_point_lon"], records.loc[open_space, "true_point_lat"])
    buildings = cells[cells["kind"] == "building"].geometry.values
    assert len(shapely.STRtree(buildings).query(points, predicate="intersects")[0]) == 0


def test_truth_codes_exist_and_hold_the_true_point(records, cells):
    assert records["true_grid_code"].isin(cells.index).all()
    micro = records["true_microgrid_code"].dropna()
    assert micro.isin(cells.index).all() and (micro.map(cells["kind"]) == "stairwell").all()
    points = shapely.points(records["true_point_lon"], records["true_point_lat"])
    grids = cells.geometry.loc[records["true_grid_code"]].values
    assert shapely.intersects(grids, points).all()
    has = records["true_microgrid_code"].notna().to_numpy()
    assert shapely.intersects(cells.geometry.loc[micro].values, points[has]).all()
    basic = records["true_grid_code"].map(cells["kind"]) == "basic"
    assert (micro[basic].str[:15] == records.loc[micro[basic].index, "true_grid_code"]).all()


def test_app_points_are_gcj02_and_convert_back_within_a_metre(records):
    app = _ok(records[records["channel"] == "app"])
    assert (app["crs"] == "GCJ-02").all()
    lon, lat = points_to_storage(app["x"].astype(float), app["y"].astype(float), parse_crs("gcj02"))
    metres = _metres(lon, lat, app["true_point_lon"].to_numpy(), app["true_point_lat"].to_numpy())
    assert metres.max() < 1.0
    raw = _metres(app["x"].astype(float).to_numpy(), app["y"].astype(float).to_numpy(),
                  app["true_point_lon"].to_numpy(), app["true_point_lat"].to_numpy())
    assert raw.min() > 100  # GCJ-02 is hundreds of metres off
    assert app["address"].isna().mean() > 0.3


def test_patrol_fixes_are_wgs84_about_five_metres_off_by_the_grid_member(records, district):
    patrol = _ok(records[records["channel"] == "patrol"])
    assert (patrol["crs"] == "EPSG:4326").all() and patrol["address"].isna().all()
    metres = _metres(patrol["x"].astype(float).to_numpy(), patrol["y"].astype(float).to_numpy(),
                     patrol["true_point_lon"].to_numpy(), patrol["true_point_lat"].to_numpy())
    assert 3 < np.median(metres) < 7 and metres.max() < 30
    member = district.members.set_index("cell_code")["name"]
    assert (patrol["reporter_name"].to_numpy() == member.loc[patrol["true_grid_code"]].to_numpy()).all()


def test_coordinates_by_channel(records):
    ok = _ok(records)
    crs = ok.groupby("channel")["crs"].agg(lambda c: set(c.dropna()))
    assert crs["hotline"] == crs["petition"] == crs["assigned"] == set()
    assert crs["police110"] == {"EPSG:4326"}
    police = ok[ok["channel"] == "police110"]
    assert 0.2 < police["x"].notna().mean() < 0.5 and police["address"].notna().mean() > 0.9


def test_hotline_addresses_are_noisy_in_the_stated_shares(records):
    hotline = records[records["channel"] == "hotline"]
    assert hotline["x"].isna().all() and hotline["y"].isna().all()
    kinds = hotline["truth_address_noise"]
    assert kinds.notna().all() and (hotline["address"].isna() <= kinds.str.contains("garbage")).all()
    for kind, share in SHARES.items():
        measured = kinds.str.split(",").map(lambda k, kind=kind: kind in k).mean()
        assert 0.75 * share < measured < 1.25 * share, (kind, measured)


@pytest.mark.parametrize("kind, pattern", [
    ("numerals", r"[一二三四五六七八九十]+(?:号楼|栋|幢|座|单元)"),
    ("fullwidth", r"[０-９]"),
    ("dong", r"[0-9０-９一二三四五六七八九十]+[栋幢座]"),
    ("prefix", r"^(?:山东省|青岛市崂山区\w+街道)"),
    ("dash", r"[0-9０-９]+[-－][0-9０-９]+"),
])
def test_each_noise_kind_shows_in_the_text(records, kind, pattern):
    rows = records[records["truth_address_noise"].fillna("").str.split(",").map(lambda k: kind in k)]
    assert len(rows) > 50 and rows["address"].str.contains(pattern, regex=True).all(), kind


def test_standard_addresses_are_the_register_s(records, district):
    register = set(district.addresses["full_address"])
    standard = records[(records["truth_address_noise"] == "") & (records["truth_place"] == "building")]
    assert len(standard) > 5_000 and standard["address"].isin(register).all()
    with_room = records[(records["truth_address_noise"] == "room") & (records["truth_place"] == "building")]
    assert with_room["address"].str.replace(r"\d+室$", "", regex=True).isin(register).all()
    stairwell = standard["address"].map(district.addresses.set_index("full_address")["cell_code"])
    assert (stairwell.str[:18] == standard["true_microgrid_code"].str[:18]).all()


def test_typos_never_give_another_real_compound(records, district):
    compounds = set(district.addresses["compound"])
    typo = records[records["truth_address_noise"].fillna("").str.contains("typo")]
    assert len(typo) > 500
    for address in typo["address"]:
        assert not any(c in address for c in compounds if len(c) >= 4), address


def test_about_two_in_a_thousand_rows_are_broken_as_exports_break(records):
    broken = records["truth_broken"].value_counts()
    assert set(broken.index) == {"bad_date", "missing_ref", "zero_coordinates", "swapped_lonlat"}
    assert 0.001 < broken.sum() / len(records) < 0.003
    rows = {kind: records[records["truth_broken"] == kind] for kind in broken.index}
    assert rows["bad_date"]["reported_at"].isna().all() and rows["missing_ref"]["source_ref"].isna().all()
    assert (rows["zero_coordinates"][["x", "y"]] == 0).all().all()
    swapped = rows["swapped_lonlat"]
    assert (swapped["x"].astype(float) < 60).all() and (swapped["y"].astype(float) > 100).all()
    assert records["reported_at"].isna().sum() == broken["bad_date"]


def test_noise_helpers():
    assert [chinese_number(n) for n in (1, 10, 11, 20, 35, 100, 108, 120)] == [
        "一", "十", "十一", "二十", "三十五", "一百", "一百零八", "一百二十"]
    parts = pd.DataFrame([{"road": "海尔路", "door": "88号", "compound": "金岭花园", "building": "3号楼",
                           "unit": "2单元", "room": None, "tail": None, "facility": None, "street": "中韩街道"}] * 4)
    texts, kinds = noisy_addresses(np.random.default_rng(0), parts, np.zeros(4), {"金岭花园"})
    assert texts == ["青岛市崂山区海尔路88号 金岭花园3号楼2单元"] * 4 and kinds == [""] * 4


def test_channel_files_are_written_and_readable(built, records, tmp_path):
    paths = write_channel_files(built[0], tmp_path)
    assert list(paths) == list(CHANNELS) and all(p.exists() for p in paths.values())
    hotline = pd.read_csv(paths["hotline"], encoding="gb18030", dtype=str, keep_default_na=False)
    paths["hotline"].read_bytes().decode("gbk")  # strict GBK, as the 12345 system writes
    assert list(hotline.columns[:8]) == ["工单编号", "受理时间", "事件类型", "工单标题", "诉求内容", "诉求地址",
                                         "联系人", "联系电话"]
    expected = records[records["channel"] == "hotline"]
    assert len(hotline) == len(expected)
    assert (hotline["工单编号"] == expected["source_ref"].fillna("").to_numpy()).all()
    assert (hotline["诉求地址"] == expected["address"].fillna("").to_numpy()).all()
    times = pd.to_datetime(hotline["受理时间"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    assert (times.isna().to_numpy() == (expected["truth_broken"] == "bad_date").to_numpy()).all()

    assert paths["patrol"].read_bytes().startswith(b"\xef\xbb\xbf")
    patrol = pd.read_csv(paths["patrol"], encoding="utf-8-sig", dtype=str)
    assert list(patrol.columns[:7]) == ["上报编号", "上报时间", "事件类型", "事件描述", "经度", "纬度", "上报人"]
    police = pd.read_csv(paths["police110"], encoding="utf-8", dtype=str)
    assert {"警情编号", "报警时间", "发生地址", "经度", "纬度", "报警人"} <= set(police.columns)
    for channel in ("petition", "assigned"):
        frame = pd.read_csv(paths[channel], encoding="utf-8", dtype=str)
        assert len(frame) == (records["channel"] == channel).sum()

    app = json.loads(paths["app"].read_text(encoding="utf-8"))
    assert app["type"] == "FeatureCollection" and len(app["features"]) == (records["channel"] == "app").sum()
    first = app["features"][0]
    assert first["geometry"]["type"] == "Point" and first["properties"]["坐标系"] == "GCJ-02"
    xy = np.array([f["geometry"]["coordinates"] for f in app["features"]])
    expected = records[records["channel"] == "app"]
    assert np.allclose(xy, expected[["x", "y"]].astype(float).to_numpy())
    zero = (expected["truth_broken"] == "zero_coordinates").to_numpy()
    assert zero.any() and (xy[zero] == 0).all()


def test_broken_rows_look_broken_in_the_files(built, records, tmp_path):
    paths = write_channel_files(built[0], tmp_path)
    seen = set()
    for channel, (_, _, _, headers) in LAYOUTS.items():
        if channel == "app":
            continue
        header = {column: name for name, column in headers.items()}
        ref, when, xy = header["source_ref"], header["reported_at"], header.get("x") and (header["x"], header["y"])
        encoding = "gb18030" if channel == "hotline" else "utf-8-sig"
        frame = pd.read_csv(paths[channel], encoding=encoding, dtype=str, keep_default_na=False)
        broken = records.loc[records["channel"] == channel, "truth_broken"].to_numpy()
        seen |= set(broken[pd.notna(broken)])
        assert (frame.loc[broken == "missing_ref", ref] == "").all()
        assert (frame.loc[broken != "missing_ref", ref] != "").all()
        parsed = pd.to_datetime(frame[when], format="%Y-%m-%d %H:%M:%S", errors="coerce")
        assert (parsed.isna().to_numpy() == (broken == "bad_date")).all(), channel
        if xy:
            lon, lat = frame[xy[0]], frame[xy[1]]
            assert ((lon[broken == "zero_coordinates"] == "0") & (lat[broken == "zero_coordinates"] == "0")).all()
            assert (lon[broken == "swapped_lonlat"].astype(float) < 60).all()
    assert seen == {"bad_date", "missing_ref", "zero_coordinates", "swapped_lonlat"}
