"""Incidents through the command line on the demo district: channels, encodings, CRSs, addresses, queue."""
import csv
import json

import numpy as np
import pytest
import shapely

from gis.crs import parse_crs, points_from_storage
from tests.command_line import gridgov, stored
from tests.conftest import TABLES, wipe
from tests.demo_store import demo_store

INCIDENT_TABLES = "incident, incident_import"
HEADER = "工单编号,受理时间,事件类型,诉求内容,诉求地址,联系人,联系电话\n"


@pytest.fixture(scope="module")
def demo_db(database_url):
    """The demo district (seed 42) in the test database, loaded once for this module (built once a run,
    :mod:`tests.demo_store`)."""
    demo_store(database_url)
    wipe(database_url, INCIDENT_TABLES)   # the tests bring their own
    yield database_url
    wipe(database_url, f"{TABLES}, category")


@pytest.fixture
def store(demo_db):
    yield demo_db
    wipe(demo_db, INCIDENT_TABLES)


def import_json(*args):
    result = gridgov("incidents", "import", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _stairwell(url, offset=0):
    """A stairwell of the register: (code, compound, road, door, building number, unit)."""
    return stored(url, "SELECT cell_code, compound, road, door_number, building_number, unit FROM standard_address "
                       "WHERE unit IS NOT NULL AND building_number IS NOT NULL ORDER BY cell_code OFFSET %s LIMIT 1",
                  (offset,))[0]


NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def _noisy(compound, building, unit):
    """海湾名邸３号楼 → 海湾名邸三号楼二单元 with full-width digits elsewhere."""
    b, u = int(building.removesuffix("号楼")), int(unit.removesuffix("单元"))
    return f"山东省青岛市崂山区{compound}{NUMERALS.get(b, str(b))}号楼{NUMERALS.get(u, str(u))}单元"


def test_gbk_hotline_csv_with_chinese_numerals_lands_in_the_right_stairwells(store, tmp_path):
    rows, truth = [], {}
    for i in range(6):
        code, compound, road, door, building, unit = _stairwell(store, offset=i * 997)
        text = _noisy(compound, building, unit) if i % 2 else f"{road}{door.translate(str.maketrans('0123456789', '０１２３４５６７８９'))} {compound}{building}{unit}"
        rows.append(f"QD{i:04d},2025-03-0{i + 1} 09:30:00,暖气不热,暖气不热,{text},张{i},1371234567{i}")
        truth[f"QD{i:04d}"] = code
    path = tmp_path / "hotline.csv"
    path.write_bytes((HEADER + "\n".join(rows) + "\n").encode("gbk"))

    report = import_json(path, "--channel", "hotline")
    assert report["added"] == 6 and report["placed_by"] == {"address_exact": 6}
    placed = dict(stored(store, "SELECT source_ref, microgrid_code FROM incident"))
    assert placed == truth
    assert stored(store, "SELECT DISTINCT category_code FROM incident") == [("0201",)]

    again = import_json(path, "--channel", "hotline")
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 6)
    path.write_bytes((HEADER + "\n".join(rows[:5] + [rows[5].replace(",张5,", ",王5,")]) + "\n").encode("gbk"))
    changed = import_json(path, "--channel", "hotline")
    assert (changed["added"], changed["updated"], changed["unchanged"]) == (0, 1, 5)
    assert changed["updated_refs"] == ["QD0005"]


def test_wgs84_gcj02_and_bd09_coordinates_land_in_the_same_stairwell(store, tmp_path):
    code = _stairwell(store, offset=123)[0]
    (wkt,) = stored(store, "SELECT ST_AsText(ST_PointOnSurface(geom)) FROM cell WHERE code = %s", (code,))[0]
    point = shapely.from_wkt(wkt)
    lines = ["上报编号,上报时间,事件类型,经度,纬度,坐标系"]
    for name in ("EPSG:4326", "GCJ-02", "BD-09"):
        x, y = points_from_storage(np.array([point.x]), np.array([point.y]), parse_crs(name.replace("-", "")
                                                                                      if name != "EPSG:4326" else name))
        lines.append(f"P-{name},2025-06-01 10:00:00,噪声扰民,{x[0]:.8f},{y[0]:.8f},{name}")
    path = tmp_path / "patrol.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    report = import_json(path, "--channel", "patrol")
    assert report["placed_by"] == {"coordinates": 3}
    placed = stored(store, "SELECT microgrid_code, ST_Distance(geom::geography, ST_GeomFromText(%s, 4490)::geography) "
                           "FROM incident", (wkt,))
    assert {c for c, _ in placed} == {code} and max(d for _, d in placed) < 0.05


def test_unplaced_queue_and_placing_by_hand(store, tmp_path):
    path = tmp_path / "hotline.csv"
    path.write_text(HEADER + "QD9001,2025-04-01 08:00:00,邻里纠纷,吵架,火星路1号,赵六,13900000000\n"
                             "QD9002,2025-04-01 09:00:00,邻里纠纷,吵架,,钱七,13900000001\n", encoding="utf-8")
    report = import_json(path, "--channel", "hotline")
    assert report["unplaced_reasons"] == {"no coordinates and no address match": 1, "no coordinates and no address": 1}
    queue = json.loads(gridgov("incidents", "unplaced", "--json").stdout)
    assert [q["source_ref"] for q in queue] == ["QD9001", "QD9002"]
    grid = stored(store, "SELECT code FROM cell WHERE level = 'grid' AND kind = 'basic' ORDER BY code LIMIT 1")[0][0]
    assert gridgov("incidents", "place", queue[0]["id"], grid).exit_code == 0
    row = stored(store, "SELECT grid_code, community_code, placement_method FROM incident WHERE source_ref = 'QD9001'")[0]
    assert row == (grid, grid[:12], "manual")
    again = import_json(path, "--channel", "hotline")      # a re-import keeps the placement by hand
    assert again["unchanged"] == 2
    assert stored(store, "SELECT placement_method FROM incident WHERE source_ref = 'QD9001'")[0][0] == "manual"
    assert [q["source_ref"] for q in json.loads(gridgov("incidents", "unplaced", "--json").stdout)] == ["QD9002"]


def test_export_masks_personal_data_and_reimports_without_duplicates(store, tmp_path):
    code, compound, road, door, building, unit = _stairwell(store, offset=42)
    path = tmp_path / "hotline.csv"
    path.write_text(HEADER + f"QD7001,2025-05-01 08:00:00,物业纠纷,物业,{compound}{building}{unit},孙八,13912345678\n",
                    encoding="utf-8")
    import_json(path, "--channel", "hotline")
    for fmt in ("csv", "geojson", "xlsx"):
        out = tmp_path / f"incidents.{fmt}"
        assert gridgov("incidents", "export", "-o", out).exit_code == 0
        text = out.read_bytes()
        assert "13912345678".encode() not in text
        again = import_json(out)
        assert (again["added"], again["updated"]) == (0, 0), fmt
    assert stored(store, "SELECT reporter_name, reporter_phone, microgrid_code FROM incident") == [
        ("孙八", "13912345678", code)]
    out = tmp_path / "full.csv"
    gridgov("incidents", "export", "-o", out, "--with-personal-data")
    assert "13912345678" in out.read_text(encoding="utf-8")


def test_a_tickets_own_limit_survives_an_export_and_a_reimport(store, tmp_path):
    path = tmp_path / "assigned.csv"
    path.write_text("工单编号,受理时间,事件类型,诉求地址,办理时限\n"
                    "JB7001,2025-05-02 08:00:00,物业纠纷,某地,3个工作日\n"
                    "JB7002,2025-05-02 09:00:00,物业纠纷,某地,36小时\n"
                    "JB7003,2025-05-02 10:00:00,物业纠纷,某地,2025-05-09 18:00\n", encoding="utf-8")
    import_json(path, "--channel", "assigned")
    out = tmp_path / "export.csv"
    assert gridgov("incidents", "export", "-o", out).exit_code == 0
    exported = {row["source_ref"]: row["time_limit"] for row in csv.DictReader(out.open(encoding="utf-8"))
                if row["source_ref"].startswith("JB7")}
    assert exported == {"JB7001": "3个工作日", "JB7002": "36小时", "JB7003": "2025-05-09 18:00"}
    query = ("SELECT source_ref, own_limit_workdays, own_limit_hours, own_deadline IS NOT NULL FROM incident "
             "WHERE source_ref LIKE 'JB7%%' ORDER BY source_ref")
    before = stored(store, query)
    import_json(out)
    assert stored(store, query) == before == [("JB7001", 3.0, None, False), ("JB7002", None, 36.0, False),
                                              ("JB7003", None, None, True)]
