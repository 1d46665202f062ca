"""``gridgov db backup`` then ``restore`` into an empty database: the same rows and the same KPIs; a
database that is not empty, or a backup of other migrations, is refused."""
import psycopg2
import pytest

from gis import embedded
from gis.backup import BackupError, restore
from grids.cases import kpi
from grids.cases.loop import act
from tests.cases import T0, add_incident, hours, load_world
from tests.command_line import gridgov
from tests.conftest import TABLES, wipe

COUNTED = ("cell", "generation", "person", "person_cell", "incident", "case_event", "category")


@pytest.fixture
def world(committed_db):
    conn = psycopg2.connect(committed_db)
    with conn:
        load_world(conn)
        for n in range(3):
            case_id = add_incident(conn, f"b{n}")
            for step, action in enumerate(("accept", "dispatch", "report", "verify")[:n + 2]):
                act(conn, case_id, action, "D1" if action != "report" else "M1", now=T0 + hours(step))
    conn.close()
    yield committed_db
    wipe(committed_db, f"{TABLES}, category")


@pytest.fixture
def empty_database(committed_db):
    """A new database beside the test store (named after it, so parallel runs do not share it)."""
    target = psycopg2.extensions.parse_dsn(committed_db)["dbname"] + "_restore"
    cluster = embedded.start()
    embedded.create_database(cluster, target, drop_first=True)
    yield cluster.url(target)
    embedded.create_database(cluster, target, drop_first=True)


def _facts(url):
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        counts = {}
        for table in COUNTED:
            cur.execute(f"SELECT count(*) FROM {table}")       # the table names are this module's constants
            counts[table] = cur.fetchone()[0]
        kpis = kpi.kpis_by_level(conn, "grid", now=T0 + hours(24))
        cur.execute("SELECT has_table_privilege('gridgov_app', 'case_event', 'UPDATE')")
        app_may_edit_history = cur.fetchone()[0]
    conn.close()
    return counts, kpis, app_may_edit_history


def test_a_backup_restores_into_an_empty_database_with_the_same_rows_and_kpis(world, empty_database, tmp_path,
                                                                               monkeypatch):
    dump = tmp_path / "gridgov.dump"
    made = gridgov("db", "backup", str(dump))
    assert made.exit_code == 0, made.output
    monkeypatch.setenv("GRIDGOV_DATABASE_URL", empty_database)
    restored = gridgov("db", "restore", str(dump))
    assert restored.exit_code == 0, restored.output
    before, after = _facts(world), _facts(empty_database)
    assert before[0]["incident"] == 3 and before[0]["case_event"] == 9
    assert after == before and after[2] is False          # the app role's privileges are the migrations'
    again = gridgov("db", "restore", str(dump))
    assert again.exit_code == 2 and "not empty" in again.output


def test_a_backup_of_other_migrations_is_refused(world, empty_database, tmp_path):
    dump = tmp_path / "gridgov.dump"
    assert gridgov("db", "backup", str(dump)).exit_code == 0
    conn = psycopg2.connect(world)
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO schema_migration (version, name, checksum) VALUES (999, 'future', 'x')")
    try:
        assert gridgov("db", "backup", str(tmp_path / "future.dump")).exit_code == 0
    finally:
        with conn, conn.cursor() as cur:
            cur.execute("DELETE FROM schema_migration WHERE version = 999")
        conn.close()
    with pytest.raises(BackupError, match="only in the backup: \\[999\\]"):
        restore(empty_database, tmp_path / "future.dump")
