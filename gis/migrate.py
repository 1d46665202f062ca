"""Schema migrations: numbered ``.sql`` files applied in order, each recorded once.

``gis/sql/schema/NNN_name.sql`` files run in their number's order, each in the caller's transaction,
under an advisory lock so two processes never migrate at once. A migration already applied is skipped;
one whose text changed after it was applied is refused (write a new migration instead).
"""
import hashlib
import re
from importlib import resources

from gis.errors import DatabaseSetupError
from gis.sqlfiles import load

MIGRATION_LOCK_KEY = 0x67726964  # "grid"
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

def available():
    """``[(version, name, sql_text)]`` of the shipped migrations, in order."""
    found = []
    for entry in resources.files("gis").joinpath("sql", "schema").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def _checksum(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unapplied(conn):
    """The names of the shipped migrations ``conn``'s database has not applied (a read: the app may ask)."""
    with conn.cursor() as cur:
        cur.execute(load("gis", "schema_migrations_applied"))
        applied = {version for version, _ in cur.fetchall()}
    return [f"{version:03d}_{name}" for version, name, _ in available() if version not in applied]


def migrate(conn):
    """Apply the migrations not yet applied; return their names. The caller commits."""
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
        cur.execute(load("gis", "schema_migration_ledger"))
        cur.execute(load("gis", "schema_migrations_applied"))
        applied = dict(cur.fetchall())
        done = []
        for version, name, text in available():
            if version in applied:
                if applied[version] != _checksum(text):
                    raise DatabaseSetupError(
                        "an applied migration was edited; add a new migration instead", migration=f"{version:03d}_{name}"
                    )
                continue
            cur.execute(text)
            cur.execute(load("gis", "schema_migration_record"),
                        {"version": version, "name": name, "checksum": _checksum(text)})
            done.append(f"{version:03d}_{name}")
        return done
