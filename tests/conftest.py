"""Test fixtures: a real PostGIS, the same migrations production runs, a rolled-back transaction per test.

The server: ``GRIDGOV_TEST_DATABASE_URL`` when set (a database the tests may wipe; its app role's login
``GRIDGOV_TEST_APP_DATABASE_URL``), else a fresh
``gridgov_test`` database (or ``GRIDGOV_TEST_DATABASE_NAME``, so two runs can share the cluster; under
pytest-xdist each worker adds its name, ``gridgov_test_gw0``) in the embedded cluster, started the same way ``gridgov`` starts it. The
tests point ``GRIDGOV_DATABASE_URL`` at it, so CLI commands run in-process use it too and never touch
the demo database.

Tests that build the whole demo district (some 40 s once a run, then a restore of its dump of about 10 s
each module: :mod:`tests.demo_store`) carry the ``demo`` marker, set here from what they call, so
``pytest -m "not demo"`` (``make test-fast``) runs the rest in a fraction of the time.
"""
import functools
import inspect
import os
import re
from pathlib import Path

import psycopg2
import psycopg2.extensions
import pytest

from gis import db, embedded, migrate
from tests import demo_store

DATA = Path(__file__).parent / "data"
DEMO_BUILDERS = re.compile(r"\b(build_demo|build_demo_district|build_demo_incidents|fill_demo_store|load_demo"
                           r"|served_demo|demo_store)\(|gridgov\(\"demo\"")
# Every table a test may fill that a TRUNCATE … CASCADE of the others does not reach (the rest refer to these).
TABLES = ("cell, generation, standard_address, standard_address_history, place_name, address_import, person, "
          "person_cell, boundary_import, incident, incident_import, mediation_org, centre_post, screening_campaign, "
          "reception_day, suggestion_campaign, suggestion, proxy_agent, major_issue, petition_work_event, "
          "planning_log")


def _test_database_url():
    if os.environ.get("GRIDGOV_TEST_DATABASE_URL"):
        return os.environ["GRIDGOV_TEST_DATABASE_URL"]
    os.environ.pop("GRIDGOV_DATABASE_URL", None)
    cluster = embedded.start()
    name = os.environ.get("GRIDGOV_TEST_DATABASE_NAME", "gridgov_test") + _worker_suffix()
    embedded.create_database(cluster, name, drop_first=True)
    return cluster.url(name)


def _worker_suffix():
    """``_gw0``, ``_gw1`` … under pytest-xdist (``make test`` runs two workers): each worker its own
    database in the one cluster; nothing when the tests run in one process."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"_{worker}" if worker else ""


@pytest.fixture(scope="session", autouse=True)
def shared_demo_dumps(tmp_path_factory):
    """The run's folder for the demo dumps its workers share (:mod:`tests.demo_store`)."""
    demo_store.share_in(tmp_path_factory)


@pytest.fixture(scope="session")
def database_url():
    url = _test_database_url()
    conn = psycopg2.connect(url)
    migrate.migrate(conn)
    conn.commit()
    conn.close()
    os.environ["GRIDGOV_DATABASE_URL"] = url
    _use_app_login(url)
    db._pool = None
    return url


def _use_app_login(owner_url):
    """Point ``GRIDGOV_APP_DATABASE_URL`` at the app role's login to the test database, so the pool (the
    web app, everyday commands) has the privileges production has; an external test server without
    ``GRIDGOV_TEST_APP_DATABASE_URL`` gets the owner's login with the app role set instead."""
    if os.environ.get("GRIDGOV_TEST_DATABASE_URL"):
        app_url = os.environ.get("GRIDGOV_TEST_APP_DATABASE_URL")
    else:
        name = psycopg2.extensions.parse_dsn(owner_url)["dbname"]
        app_url = embedded.cluster().url(name, user=db.APP_ROLE)
    if app_url:
        os.environ["GRIDGOV_APP_DATABASE_URL"] = app_url
    else:
        os.environ.pop("GRIDGOV_APP_DATABASE_URL", None)


@pytest.fixture
def conn(database_url):
    """A connection inside a transaction that is rolled back after the test."""
    connection = db.open_connection(database_url)
    yield connection
    connection.rollback()
    connection.close()


def wipe(database_url, tables=TABLES):
    """Empty ``tables`` (and what refers to them) for tests that commit."""
    connection = psycopg2.connect(database_url)
    with connection, connection.cursor() as cur:
        cur.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    connection.close()


@pytest.fixture
def committed_db(database_url):
    """For tests that commit (the CLI): the store is emptied before and after."""
    wipe(database_url)
    yield database_url
    wipe(database_url)


@pytest.fixture
def data_dir():
    return DATA


def pytest_collection_modifyitems(items):
    """Mark ``demo`` every test whose function or fixtures build the demo district."""
    for item in items:
        if _builds_the_demo(item):
            item.add_marker(pytest.mark.demo)


def _builds_the_demo(item):
    if not isinstance(item, pytest.Function):             # a doctest: never the demo
        return False
    fixtures = item._fixtureinfo.name2fixturedefs.values()
    functions = [item.function] + [definition.func for definitions in fixtures for definition in definitions]
    return any(_calls_a_demo_builder(function) for function in functions)


@functools.cache
def _calls_a_demo_builder(function):
    """Whether ``function``'s source calls one of :data:`DEMO_BUILDERS` (asked once per function)."""
    try:
        return DEMO_BUILDERS.search(inspect.getsource(function)) is not None
    except (OSError, TypeError):          # a fixture of pytest itself, written in no file we read
        return False
