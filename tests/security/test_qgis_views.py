"""GIS desks read PostGIS directly: one view per level of the current generation with a typed geometry
and a comment, an incidents view without personal fields, and a read-only role that may read those
views and nothing else (QGIS's own queries: geometry_columns, spatial_ref_sys)."""
import psycopg2
import pytest

from grids.cells import generations
from tests.cases import GRID, add_incident, load_world
from tests.conftest import wipe

LEVEL_VIEWS = ("qgis_cities", "qgis_districts", "qgis_streets", "qgis_communities", "qgis_grids", "qgis_microgrids")


@pytest.fixture
def desk(database_url):
    """The small world published, and a login with gridgov_reader only; its connection."""
    wipe(database_url)
    owner = psycopg2.connect(database_url)
    with owner, owner.cursor() as cur:
        load_world(owner)
        generations.publish(owner)
        add_incident(owner, "seen-on-the-map")
        cur.execute("DROP ROLE IF EXISTS gis_desk_test")
        cur.execute("CREATE ROLE gis_desk_test LOGIN IN ROLE gridgov_reader")
    reader = psycopg2.connect(database_url.replace("gridgov@", "gis_desk_test@", 1))
    yield reader
    reader.close()
    with owner, owner.cursor() as cur:
        cur.execute("DROP ROLE gis_desk_test")
    owner.close()
    wipe(database_url)


def test_the_desk_reads_each_level_of_the_current_generation(desk):
    with desk.cursor() as cur:
        counts = {}
        for view in LEVEL_VIEWS:
            cur.execute(f"SELECT count(*), count(DISTINCT code) FROM {view}")
            counts[view] = cur.fetchone()
        cur.execute("SELECT f_table_name, type, srid FROM geometry_columns WHERE f_table_name LIKE 'qgis_%%' "
                    "ORDER BY 1")
        columns = cur.fetchall()
        cur.execute("SELECT obj_description('qgis_grids'::regclass)")
        comment = cur.fetchone()[0]
        cur.execute("SELECT code FROM qgis_grids ORDER BY code")
        grids = [row[0] for row in cur.fetchall()]
    assert counts["qgis_districts"] == (1, 1) and counts["qgis_grids"] == (4, 4)
    assert counts["qgis_cities"] == (0, 0)                    # a one-district store has no city above it
    assert grids == [GRID[n] for n in (1, 2, 3, 4)]
    assert ("qgis_grids", "MULTIPOLYGON", 4490) in columns and ("qgis_incidents", "POINT", 4490) in columns
    assert "key: code" in comment


def test_the_incidents_view_has_no_personal_field(desk):
    with desk.cursor() as cur:
        cur.execute("SELECT * FROM qgis_incidents")
        names = {d[0] for d in cur.description}
        rows = cur.fetchall()
    assert len(rows) == 1
    assert not names & {"reporter_name", "reporter_phone", "description", "address", "title", "attributes"}


@pytest.mark.parametrize("statement", [
    "SELECT count(*) FROM cell", "SELECT count(*) FROM incident", "SELECT count(*) FROM account",
    "DELETE FROM qgis_cells", "UPDATE qgis_grids SET name = 'x'", "CREATE TABLE mine (id int)",
])
def test_the_reader_may_read_the_views_and_nothing_else(desk, statement):
    with pytest.raises(psycopg2.Error), desk.cursor() as cur:
        cur.execute(statement)
    desk.rollback()
