"""Real tickets in real districts: the NYC 311 sample (2011) placed into the 71 community districts.

The districts go in as basic grids of one community (NYC has no streets or communities in our sense:
one outline over all of them stands for district, street and community), renumbered under it since
boro_cd '308' breaks the 15-digit grid code rule; each grid keeps its boro_cd as ``old_code``. The
tickets' lat/long (WGS 84) are placed by the same placement as every channel. The README of the real
data says 696 of the 705 geocoded tickets fall in the district their `Community Board` column names,
and 7 of the other 9 lie within a foot of it, on a street that is itself the boundary.
"""
import json

import shapely

from tests.command_line import gridgov, stored
from tests.conftest import DATA

BOROUGHS = {"MANHATTAN": "1", "BRONX": "2", "BROOKLYN": "3", "QUEENS": "4", "STATEN ISLAND": "5"}


def _board_code(label):
    """'08 BROOKLYN' -> '308' (boro_cd); 'Unspecified' and the like -> None."""
    number, _, borough = (label or "").partition(" ")
    return BOROUGHS[borough] + number if number.isdigit() and borough in BOROUGHS else None


def _outline(tmp_path, code):
    """One cell over all of NYC's districts (their union), as a GeoJSON file."""
    features = json.loads((DATA / "nyc_community_districts.geojson").read_text())["features"]
    union = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in features])
    path = tmp_path / f"{code}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"code": code, "name": "New York City"},
        "geometry": json.loads(shapely.to_geojson(union))}]}))
    return path


def test_nyc_311_tickets_land_in_the_district_their_board_names(committed_db, tmp_path):
    for level, code in (("district", "990101"), ("street", "990101001"), ("community", "990101001001")):
        assert gridgov("boundaries", "import", _outline(tmp_path, code), "--level", level).exit_code == 0
    districts = gridgov("boundaries", "import", DATA / "nyc_community_districts.geojson", "--level", "grid",
                        "--kind", "basic", "--code-field", "boro_cd", "--renumber", "--publish")
    assert districts.exit_code == 0, districts.output
    boards = dict(stored(committed_db, "SELECT code, attributes->>'old_code' FROM cell WHERE level = 'grid'"))
    result = gridgov("incidents", "import", DATA / "nyc311_2011_sample.csv", "--mapping",
                     DATA / "nyc311_mapping.toml", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)

    mojibake = [p for p in report["problems"] if p["severity"] == "warning" and "encod" in p["reason"].lower()]
    assert len(mojibake) == 72 and all(p["row"] >= 2 for p in mojibake)
    assert report["incidents"] + report["errors"] == 999

    rows = stored(committed_db, "SELECT source_x, grid_code, unplaced_reason, attributes->>'Community Board' "
                                "FROM incident")
    assert len(rows) == report["incidents"]
    assert all((grid is None) != (reason is None) for _, grid, reason, _ in rows)   # one district, or a reason
    geocoded = [(boards.get(grid), _board_code(board)) for x, grid, _, board in rows
                if x is not None and _board_code(board)]
    agree = sum(grid == board for grid, board in geocoded)
    print(f"NYC 311: {agree} of {len(geocoded)} geocoded tickets in the district their board names")
    assert len(geocoded) >= 700 and agree >= 696, (agree, len(geocoded))
