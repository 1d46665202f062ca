"""What is wrong with an incident file as a whole is said, not passed over: coordinate columns under names
the importer does not know, coordinates in another system than declared (the GCJ-02 / BD-09 offset);
Excel's escapes in text cells are decoded."""
import numpy as np
import openpyxl
import pandas as pd
import pytest

from etl.incidents.importing import import_incident_file
from gis.crs import wgs84_to_bd09, wgs84_to_gcj02
from grids.errors import ImportRefused
from tests.member_world import B1_BOX, load_member_world
from tests.shapes import ORIGIN, UNIT


@pytest.fixture
def world(conn):
    load_member_world(conn)


def _points_in_buildings(count=60):
    """WGS 84 points inside the two buildings of the member world (B1, and B2 at (0.2, 0.2) 0.3 × 0.3)."""
    rng = np.random.default_rng(1)
    col, row, width, height = B1_BOX
    boxes = [(col, row, width, height), (0.2, 0.2, 0.3, 0.3)]
    picks = [boxes[i % 2] for i in range(count)]
    lon = np.array([ORIGIN[0] + (c + rng.uniform(0.1, 0.9) * w) * UNIT for c, _, w, _ in picks])
    lat = np.array([ORIGIN[1] + (r + rng.uniform(0.1, 0.9) * h) * UNIT for _, r, _, h in picks])
    return lon, lat


def _csv(path, lon, lat, x="x", y="y"):
    pd.DataFrame({"source_ref": [f"P{i}" for i in range(len(lon))], "reported_at": "2025-03-01 08:00:00",
                  "category_text": "噪音扰民", x: lon, y: lat}).to_csv(path, index=False)
    return path


def _file_warnings(report):
    return [p["text"] for p in report["problems"] if p["row"] is None]


def test_gcj02_points_declared_wgs84_are_flagged_with_their_offset(conn, world, tmp_path):
    lon, lat = _points_in_buildings()
    path = _csv(tmp_path / "app.csv", *wgs84_to_gcj02(lon, lat))
    report = import_incident_file(conn, path, channel="patrol")             # patrol: WGS 84 by default
    [warning] = _file_warnings(report)
    assert warning.startswith("file: coordinates: the coordinates look like GCJ-02, not WGS 84")
    offset = float(warning.split("median offset of ")[1].split(" m")[0])
    assert 300 < offset < 700 and "--crs gcj02" in warning
    assert _file_warnings(import_incident_file(conn, path, channel="patrol", crs="gcj02")) == []
    with pytest.raises(ImportRefused, match="strict"):
        import_incident_file(conn, path, channel="patrol", strict=True)


def test_bd09_points_declared_gcj02_are_flagged(conn, world, tmp_path):
    lon, lat = _points_in_buildings()
    report = import_incident_file(conn, _csv(tmp_path / "baidu.csv", *wgs84_to_bd09(lon, lat)), channel="app")
    [warning] = _file_warnings(report)
    assert "look like BD-09, not GCJ-02" in warning


def test_right_coordinates_and_too_few_points_say_nothing(conn, world, tmp_path):
    lon, lat = _points_in_buildings()
    assert _file_warnings(import_incident_file(conn, _csv(tmp_path / "ok.csv", lon, lat), channel="patrol")) == []
    few = _csv(tmp_path / "few.csv", *wgs84_to_gcj02(lon[:5], lat[:5]))
    assert _file_warnings(import_incident_file(conn, few, channel="patrol")) == []


def test_coordinate_columns_under_unknown_names_are_reported(conn, world, tmp_path):
    lon, lat = _points_in_buildings(5)
    report = import_incident_file(conn, _csv(tmp_path / "c.csv", lon, lat, x="centroid_lon", y="centroid_lat"),
                                  channel="patrol")
    warnings = _file_warnings(report)
    assert warnings == [
        'file: centroid_lon: looks like a coordinate but is not read as one; if it is the x, map it: '
        '[columns] x = "centroid_lon" in a mapping file (--mapping)',
        'file: centroid_lat: looks like a coordinate but is not read as one; if it is the y, map it: '
        '[columns] y = "centroid_lat" in a mapping file (--mapping)']


def test_excel_escapes_in_text_cells_are_decoded(conn, world, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["工单编号", "受理时间", "事件类型", "诉求内容"])
    book.active.append(["R1", "2025-03-01 08:00:00", "噪音扰民", "楼道堆物_x000D_\n已多次反映"])
    book.save(tmp_path / "hotline.xlsx")
    import_incident_file(conn, tmp_path / "hotline.xlsx", channel="hotline")
    with conn.cursor() as cur:
        cur.execute("SELECT description FROM incident WHERE source_ref = 'R1'")
        assert cur.fetchone()[0] == "楼道堆物\r\n已多次反映"
