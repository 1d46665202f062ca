"""Backing the store up and restoring it: ``pg_dump`` and ``pg_restore`` around the migrations.

Concept: a backup is one ``pg_dump`` file of the whole database (custom format: compressed, restorable
table by table). A restore goes into an **empty** database: the migrations build the schema there —
tables, indexes, the app role and its grants, exactly as gridgov makes them — and then only the dump's
*data* is loaded (``pg_restore --data-only``, triggers held while loading so the rows may come in any
order). A table the migrations seed (the dispute types) is emptied first: the backup's rows, edits
included, are the table's rows. So a restore never depends on the roles or privileges of the machine the backup came from. The
dump's migration ledger must be the code's: a backup is restored with the gridgov version that made it
(then ``gridgov db migrate`` brings it forward); another version is refused, naming the migrations
that differ. The binaries are the embedded cluster's, or ``pg_dump``/``pg_restore`` on the PATH.
"""
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg2
from psycopg2 import sql

from gis import embedded, migrate
from gis.errors import GridgovError
from gis.sqlfiles import load

LEDGER = "schema_migration"


class BackupError(GridgovError):
    """A backup or restore that could not be done (the file, the target, the versions)."""

    code = "backup"


def backup(url, path):
    """Dump the database at ``url`` into ``path``; returns its size in bytes."""
    _run("pg_dump", "--format", "custom", "--file", str(path), "--dbname", url)
    return Path(path).stat().st_size


def restore(url, path):
    """Restore the backup ``path`` into the empty database at ``url``: migrations, then the data.
    Returns the migrations applied. Refused (nothing written) when the database holds gridgov's tables
    already or the backup was made by another version of gridgov."""
    path = Path(path)
    if not path.is_file():
        raise BackupError("no such backup file", file=str(path))
    _refuse_other_versions(path)
    conn = psycopg2.connect(url)
    try:
        if _has_tables(conn):
            raise BackupError("the database is not empty: restore into a new, empty database", database=url)
        applied = migrate.migrate(conn)
        entries = _data_entries(path)
        _empty_tables(conn, entries)
        conn.commit()
    finally:
        conn.close()
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "data.list"
        listing.write_text("\n".join(entries) + "\n")
        _run("pg_restore", "--data-only", "--disable-triggers", "--single-transaction", "--exit-on-error",
             "--use-list", str(listing), "--dbname", url, str(path))
    return applied


def _refuse_other_versions(path):
    """The dump's ledger against the code's migrations."""
    text = _run("pg_restore", "--data-only", "--table", LEDGER, "--file", "-", str(path))
    dumped = {int(line.split("\t")[0]) for line in _copy_rows(text)}
    shipped = {version for version, _, _ in migrate.available()}
    if dumped != shipped:
        raise BackupError(f"the backup was made with other migrations (only in the backup: "
                          f"{sorted(dumped - shipped) or 'none'}; only in this gridgov: {sorted(shipped - dumped) or 'none'}): "
                          "restore it with the gridgov version that made it", file=str(path))


def _copy_rows(sql_text):
    """The data lines of the COPY blocks of a plain-SQL restore script."""
    rows, inside = [], False
    for line in sql_text.splitlines():
        if line.startswith("COPY "):
            inside = True
        elif line == "\\.":
            inside = False
        elif inside and line:
            rows.append(line)
    return rows


def _data_entries(path):
    """The dump's table-of-contents lines of table data, the migration ledger left out (the migrations
    wrote it in the target)."""
    toc = _run("pg_restore", "--list", str(path))
    return [line for line in toc.splitlines() if " TABLE DATA " in line and f" {LEDGER} " not in line]


def _empty_tables(conn, entries):
    """Empty gridgov's tables the backup holds data for (``… TABLE DATA public table owner``): only the
    migrations' seed rows are there to remove. An extension's table (PostGIS's spatial_ref_sys) keeps
    its rows; the backup holds only those added to it."""
    names = [line.split(" TABLE DATA ", 1)[1].split()[1] for line in entries]
    with conn.cursor() as cur:
        cur.execute(load("gis", "backup_own_tables"), {"names": names})
        tables = [sql.Identifier(name) for name, in cur.fetchall()]
        if tables:
            cur.execute(sql.SQL(load("gis", "backup_empty_tables")).format(tables=sql.SQL(", ").join(tables)))


def _has_tables(conn):
    with conn.cursor() as cur:
        cur.execute(load("gis", "backup_has_tables"))
        return cur.fetchone()[0]


def _run(program, *args):
    binary = _binary(program)
    done = subprocess.run([binary, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()}")
    return done.stdout


def _binary(program):
    try:
        local = embedded.pg_bindir() / program
        if local.exists():
            return str(local)
    except GridgovError:
        pass
    found = shutil.which(program)
    if found is None:
        raise BackupError(f"no {program}: install the PostgreSQL client of the server's version")
    return found
