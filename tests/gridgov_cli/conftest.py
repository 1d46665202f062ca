"""Fixtures of the command-line tests."""
import pytest

from gis import db
from tests.conftest import TABLES, wipe
from tests.planning import load_planning_world

PLANNING_TABLES = f"{TABLES}, account, notification, incident, incident_import"


@pytest.fixture
def planning_store(database_url):
    """The planning world (``tests.planning``) committed, for commands that run in their own session."""
    wipe(database_url, PLANNING_TABLES)
    conn = db.open_connection(database_url)
    load_planning_world(conn)
    conn.commit()
    conn.close()
    yield database_url
    wipe(database_url, PLANNING_TABLES)
