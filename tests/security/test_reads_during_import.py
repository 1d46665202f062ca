"""The web keeps reading while a large file of incidents is imported.

A first load of history used to drop the incident table's secondary indexes and build them again at
the end, inside the import's transaction: ``DROP INDEX`` takes the table's exclusive lock, so every
reader — ``/api/v1/incidents``, the map, a grid member's list — waited until the import committed
(14 s for 300,000 rows). The import now keeps the indexes up, and readers see the store as it was
until the import commits (MVCC), without waiting.
"""
import threading

import psycopg2
import pytest

from bench.synthetic_city import write_incident_csv
from etl.incidents.importing import import_incident_file
from gis import db
from grids.cells import generations
from tests.shapes import load_two_by_two


@pytest.fixture
def one_community(committed_db):
    with db.connect(role=db.OWNER) as conn:
        load_two_by_two(conn)
        generations.publish(conn)
    return committed_db


def test_a_reader_is_not_blocked_by_a_large_first_import(one_community, tmp_path):
    """While an import of more than a chunk into an empty store holds its transaction open, a reader
    of the incident table (as the web app's role, waiting at most 2 s for a lock) gets its answer."""
    path = write_incident_csv(tmp_path / "patrol.csv", count=3_000)
    imported, answered = threading.Event(), {}

    def read_while_importing():
        imported.wait(60)
        reader = db.open_connection(role=db.APP)
        try:
            with reader.cursor() as cur:
                cur.execute("SET lock_timeout = '2s'")
                cur.execute("SELECT count(*) FROM incident")
                answered["count"] = cur.fetchone()[0]
        except psycopg2.errors.LockNotAvailable as blocked:
            answered["blocked"] = str(blocked)
        finally:
            reader.close()

    reading = threading.Thread(target=read_while_importing)
    reading.start()
    with db.connect(role=db.OWNER) as conn:
        report = import_incident_file(conn, path, channel="patrol", chunk_size=1_000)
        imported.set()
        reading.join(30)
    assert report["added"] == 3_000
    assert answered == {"count": 0}            # not blocked; the import not yet visible
