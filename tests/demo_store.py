"""The demo district in a test database, built once per test run and shared between modules and workers.

``gridgov demo --seed N`` takes some 40 s; each module that reads the demo built it again, and every
pytest-xdist worker once more. Now the run's first caller for a seed builds it with the CLI, as a user
would, in its own database emptied first, and dumps the data into the run's shared folder while it holds
that seed's file lock; every later caller, in its worker or another, empties its store and restores the
dump (a few seconds) and analyzes it: the same rows, ids and sequence values, whatever earlier tests did
to the store.
The command's output is kept beside the dump, so a test reads the step timings of the build that made
the rows it checks.
"""
import fcntl
import os
import subprocess
from pathlib import Path

import psycopg2

from gis import embedded
from tests.command_line import gridgov

# what the migrations and PostGIS own: dispute_type's rows are migration 023's seed, which `gridgov demo` reads
# and does not write (emptied, the demo stopped at its mediators' specialties); reception_theme's, 027's
# (the months' topics of the reception days)
NOT_DATA = ("schema_migration", "spatial_ref_sys", "dispute_type", "reception_theme")
_run = {}                                  # "folder": this run's folder, shared by its workers (tests/conftest.py)


def share_in(tmp_path_factory):
    """Keep the dumps in the run's temporary folder: the one all xdist workers' folders are in, or the
    process's own when the tests run in one process."""
    base = tmp_path_factory.getbasetemp()
    _run["folder"] = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def demo_store(database_url, seed=42):
    """Empty every data table of the store at ``database_url`` and put the demo of ``seed`` (with its
    accounts) in it; return the output of the ``gridgov demo`` that built it."""
    wipe_data(database_url)
    folder = _run["folder"]
    dump, output = folder / f"demo-{seed}.dump", folder / f"demo-{seed}.txt"
    with open(folder / f"demo-{seed}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not dump.exists():
            result = gridgov("demo", "--seed", seed)
            assert result.exit_code == 0, result.output
            output.write_text(result.output)
            _dump(database_url, dump)
            return result.output
    pg("pg_restore", "--data-only", "--disable-triggers", "--single-transaction", "--dbname", database_url, dump)
    _analyze(database_url)
    return output.read_text()


def wipe_data(database_url):
    """Empty every table that holds data (not the migrations' own rows) and what refers to it."""
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT tablename = ANY(%s)",
                    (list(NOT_DATA),))
        cur.execute(f"TRUNCATE {', '.join(row[0] for row in cur.fetchall())} RESTART IDENTITY CASCADE")
    conn.close()


def _analyze(database_url):
    """Fresh planner statistics, as ``gridgov demo`` leaves its store."""
    conn = psycopg2.connect(database_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("ANALYZE")
    conn.close()


def _dump(database_url, path):
    """The store's data (written to a name of its own first, so no reader sees half a dump)."""
    partial = Path(f"{path}.partial")
    excluded = [arg for table in NOT_DATA for arg in ("--exclude-table", table)]
    pg("pg_dump", "--data-only", "--format", "custom", *excluded, "--file", partial, "--dbname", database_url)
    partial.rename(path)


def pg(program, *args):
    """Run one of the embedded cluster's programs, which must succeed."""
    subprocess.run([str(embedded.pg_bindir() / program), *map(str, args)], check=True, capture_output=True)
