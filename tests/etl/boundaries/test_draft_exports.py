"""Exports of the planners' draft: boundaries (GeoJSON, zipped Shapefile) and the building → grid CSV."""
import csv
import zipfile

import pyogrio
import pytest
from shapely.geometry import LineString

from etl.boundaries.building_grid_export import export_building_grids
from etl.boundaries.export import export_cells
from etl.boundaries.reader import read_boundary_file
from grids.planning import edits
from tests.planning import COMMUNITY, GRID, building, load_planning_world, point

WEST = f"{COMMUNITY}005"


@pytest.fixture
def split_draft(conn):
    world = load_planning_world(conn)
    edits.split_grid(conn, GRID[1], LineString([point(0.5, 0.9), point(0.5, 2.1)]), by=world["p1"],
                     expected_revision=0)
    return conn


def test_the_draft_and_the_current_generation_export_side_by_side(split_draft, tmp_path):
    draft = export_cells(split_draft, "grid", tmp_path / "draft.geojson", generation="draft")
    current = export_cells(split_draft, "grid", tmp_path / "current.geojson", generation="current")
    assert (draft["generation"], draft["cells"], current["generation"], current["cells"]) == (2, 5, 1, 4)
    codes = set(pyogrio.read_dataframe(tmp_path / "draft.geojson")["code"])
    assert WEST in codes and GRID[1] not in codes


def test_a_zipped_shapefile_holds_every_part_and_reads_back(split_draft, tmp_path):
    target = tmp_path / "grids-2.shp.zip"
    export_cells(split_draft, "grid", target, generation="draft")
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == [f"grids-2.{ext}" for ext in ("cpg", "dbf", "prj", "shp", "shx")]
    frame = read_boundary_file(target).frame
    assert len(frame) == 5 and WEST in set(frame["code"])


def test_building_grid_csv_of_the_draft(split_draft, tmp_path):
    result = export_building_grids(split_draft, tmp_path / "buildings.csv", generation="draft")
    assert result == {"file": str(tmp_path / "buildings.csv"), "generation": 2, "buildings": 16}
    with (tmp_path / "buildings.csv").open(encoding="utf-8-sig", newline="") as source:
        rows = {row["building_code"]: row for row in csv.DictReader(source)}
    assert rows[f"{WEST}001"]["grid_code"] == WEST and rows[f"{WEST}001"]["address"] == "测试小区11号楼"
    assert rows[building(2, 1)]["grid_code"] == GRID[2] and rows[building(2, 1)]["households"] == "10"
    assert building(1, 1) not in rows
