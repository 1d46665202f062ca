"""A small primary cluster of its own and a streaming replica following it, for the read-replica tests.

A replica is a copy of its whole primary (pg_basebackup): made from the shared embedded test cluster, it
copied every worker's databases, the demo's and the benchmarks' (gigabytes on a developer's machine), and
took over a minute. This primary is a fresh embedded cluster in a temporary directory, started as gridgov
starts its own (:func:`gis.embedded.start`: initdb, the private socket, gridgov's settings), holding only
its ``gridgov`` database, migrated as the other tests' database is; the replica's base backup is a few
tens of MB. Each cluster listens on its own socket directory, so neither meets the shared one.
"""
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from gis import embedded, migrate

DATABASE = "gridgov"       # the one database embedded.start makes: the test's


@contextmanager
def primary_and_replica():
    """Start a migrated primary and a hot-standby replica following it; yield both
    (:class:`gis.embedded.Cluster`); both are stopped (immediate: nothing of them is kept) and removed after,
    even when one fails to start."""
    home = Path(tempfile.mkdtemp(prefix="gridgov-replica-"))
    os.chmod(home, 0o755)                  # the server's user (``postgres`` when we are root) enters it
    run_as = embedded.cluster().run_as
    primary = embedded.Cluster(home=home / "primary", run_as=run_as)
    replica = embedded.Cluster(home=home / "replica", run_as=run_as)
    try:
        _start_primary(primary)
        _start_replica(primary, replica)
        yield primary, replica
    finally:
        for cluster in (replica, primary):
            if (cluster.data_dir / "PG_VERSION").exists():
                embedded._run(cluster, "pg_ctl", "-D", cluster.data_dir, "-m", "immediate", "-w", "stop",
                              check=False)
            shutil.rmtree(cluster.socket_dir, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def _start_primary(primary):
    embedded.start(primary)
    conn = psycopg2.connect(primary.url(DATABASE))
    try:
        migrate.migrate(conn)
        conn.commit()
    finally:
        conn.close()


def _start_replica(primary, replica):
    """pg_basebackup -R of the primary (streaming its WAL; not synced to disk, a throwaway copy), started
    on the replica's own socket."""
    embedded._prepare_dirs(replica)
    embedded._run(replica, "pg_basebackup", "-D", replica.data_dir, "-R", "-X", "stream", "-c", "fast",
                  "--no-sync", "-d", f"host={primary.socket_dir} user={embedded.SUPERUSER}")
    with open(replica.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(f"unix_socket_directories = '{replica.socket_dir}'\nhot_standby = on\n")
    embedded._run(replica, "pg_ctl", "-D", replica.data_dir, "-l", replica.log_file, "-w", "start")
