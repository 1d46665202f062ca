"""Migrations: applied once, in order, recorded; an edited applied migration is refused."""
import pytest

from gis import migrate
from gis.errors import DatabaseSetupError


def test_migrations_are_numbered_and_recorded(conn):
    shipped = migrate.available()
    assert [v for v, _, _ in shipped] == sorted({v for v, _, _ in shipped})
    with conn.cursor() as cur:
        cur.execute("SELECT version FROM schema_migration ORDER BY version")
        assert [r[0] for r in cur.fetchall()] == [v for v, _, _ in shipped]


def test_migrate_is_idempotent(conn):
    assert migrate.migrate(conn) == []


def test_an_edited_migration_is_refused(conn):
    with conn.cursor() as cur:
        cur.execute("UPDATE schema_migration SET checksum = 'edited' WHERE version = 1")
    with pytest.raises(DatabaseSetupError, match="001_extensions"):
        migrate.migrate(conn)
