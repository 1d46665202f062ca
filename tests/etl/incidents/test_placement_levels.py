"""A city's first step, with real outlines: only its districts are loaded (the Qingdao and Zhuji district
polygons from Amap, tests/data), and incidents are placed at the district level, each in the district
PostGIS says holds it, and say so; a point outside every district stays unplaced."""
import pandas as pd

from etl.boundaries.importing import import_boundary_file
from etl.incidents.importing import import_incident_file
from grids.cells import generations
from tests.conftest import DATA


def test_a_store_of_districts_only_places_incidents_in_them(conn, tmp_path):
    import_boundary_file(conn, DATA / "qingdao_zhuji_districts_gcj02.geojson", "district", crs="gcj02",
                         code_field="adcode", name_field="district")
    generations.publish(conn)
    with conn.cursor() as cur:
        cur.execute("SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM cell) c "
                    "ORDER BY code")
        inside = cur.fetchall()
    points = pd.DataFrame({"source_ref": [f"D{code}" for code, _, _ in inside] + ["SEA"],
                           "reported_at": "2025-03-01 08:00:00", "category_text": "噪音扰民",
                           "x": [x for _, x, _ in inside] + [122.5], "y": [y for _, _, y in inside] + [35.5]})
    points.to_csv(tmp_path / "patrol.csv", index=False)
    report = import_incident_file(conn, tmp_path / "patrol.csv", channel="patrol")
    assert report["placed_by"] == {"coordinates": len(inside), "unplaced": 1}
    with conn.cursor() as cur:
        cur.execute("SELECT source_ref, district_code, street_code, grid_code, placement_level FROM incident "
                    "ORDER BY source_ref")
        placed = cur.fetchall()
    assert placed[:-1] == [(f"D{code}", code, None, None, "district") for code, _, _ in inside]
    assert placed[-1] == ("SEA", None, None, None, None)
    assert len(inside) == 11
