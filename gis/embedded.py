"""The embedded PostGIS: a private PostgreSQL cluster that gridgov creates and runs by itself.

With no ``GRIDGOV_DATABASE_URL`` set, gridgov keeps its own cluster in ``GRIDGOV_HOME``:

- ``GRIDGOV_HOME`` defaults to ``<checkout>/.gridgov`` for an ordinary user. As root the default is
  ``/var/lib/gridgov/<checkout name>-<hash>``: PostgreSQL refuses to run as root, so the server runs as
  the unprivileged ``postgres`` system user, which may not be able to enter a checkout under ``/root``.
  Either way the path depends on the checkout, so two checkouts on one machine never share a cluster.
- The server listens on a Unix socket only (``listen_addresses = ''``) in a directory that only the
  server's user (and root) may enter; authentication is ``trust`` on that socket alone. Two logins use
  it: the superuser ``gridgov``, who owns the tables (migrations, the demo build, bulk imports), and the
  app's role ``gridgov_app`` (``gis/sql/schema/012_roles.sql``, :mod:`gis.db`).
- The cluster is created on first use (``initdb``) and reused after; ``gridgov db start|stop|status|url``
  manage it. A file lock serialises concurrent starts.
"""
import fcntl
import hashlib
import os
import pwd
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gis.errors import DatabaseSetupError
from gis.settings import settings
from gis.sqlfiles import load

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SERVER_USER_WHEN_ROOT = "postgres"
SUPERUSER = "gridgov"
SOCKET_PATH_LIMIT = 100  # sun_path holds 108 bytes; ".s.PGSQL.5432" is appended


@dataclass(frozen=True)
class Cluster:
    """Where an embedded cluster lives and as whom it runs."""

    home: Path
    run_as: str | None  # a system user when we are root, else None (ourselves)

    @property
    def data_dir(self):
        return self.home / "pgdata"

    @property
    def log_file(self):
        return self.home / "postgres.log"

    @property
    def socket_dir(self):
        local = self.home / "run"
        if len(str(local)) + 14 <= SOCKET_PATH_LIMIT:
            return local
        digest = hashlib.sha1(str(self.home).encode()).hexdigest()[:12]
        return Path("/tmp") / f"gridgov-{os.getuid()}-{digest}"

    def url(self, dbname="gridgov", user=SUPERUSER):
        """The URL of ``dbname`` as ``user``: the superuser who owns everything, or the app's login role
        (``gridgov_app``, created by the migrations; trust on the private socket, so no password)."""
        return f"postgresql://{user}@/{dbname}?host={self.socket_dir}"


def default_home():
    """``GRIDGOV_HOME``, else a per-checkout directory (see the module docstring)."""
    if settings().home:
        return settings().home
    if os.geteuid() == 0:
        digest = hashlib.sha1(str(PROJECT_ROOT).encode()).hexdigest()[:8]
        return Path("/var/lib/gridgov") / f"{PROJECT_ROOT.name}-{digest}"
    return PROJECT_ROOT / ".gridgov"


def cluster():
    run_as = SERVER_USER_WHEN_ROOT if os.geteuid() == 0 else None
    return Cluster(home=default_home(), run_as=run_as)


def pg_bindir():
    """The PostgreSQL server binaries: ``GRIDGOV_PG_BINDIR``, else the newest under /usr/lib/postgresql."""
    if settings().pg_bindir:
        return settings().pg_bindir
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise DatabaseSetupError(
        "PostgreSQL server binaries not found; run `make install` (Debian: postgresql-15 postgresql-15-postgis-3)"
    )


def _run(c, *args, check=True):
    """Run a server binary as the cluster's user; return the completed process."""
    command = [str(pg_bindir() / args[0]), *map(str, args[1:])]
    kwargs = {"user": c.run_as, "group": _group_of(c.run_as)} if c.run_as else {}
    done = subprocess.run(command, cwd=c.home, capture_output=True, text=True, **kwargs)
    if check and done.returncode != 0:
        raise DatabaseSetupError(
            f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}", log=str(c.log_file)
        )
    return done


def _group_of(user):
    return pwd.getpwnam(user).pw_gid


def _prepare_dirs(c):
    c.home.mkdir(parents=True, exist_ok=True)
    c.socket_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(c.socket_dir, 0o700)
    if c.run_as:
        if not c.home.parent.exists():
            c.home.parent.mkdir(parents=True)
        entry = pwd.getpwnam(c.run_as)
        for path in (c.home, c.socket_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)


def _initdb(c):
    _run(c, "initdb", "-D", c.data_dir, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-instructions")
    settings = (
        "# written by gridgov: Unix socket only, private directory\n"
        "listen_addresses = ''\n"
        f"unix_socket_directories = '{c.socket_dir}'\n"
        "unix_socket_permissions = 0700\n"
        "shared_buffers = 256MB\n"
        "work_mem = 32MB\n"
        "maintenance_work_mem = 256MB\n"
        "max_connections = 60\n"
        "jit = off\n"   # compiling the KPI queries cost more than it saved (0.2 s of 1 s)
    )
    conf = c.data_dir / "postgresql.conf"
    with open(conf, "a", encoding="utf-8") as out:
        out.write(settings)


@contextmanager
def _lock(c):
    with open(c.home / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_running(c=None):
    c = c or cluster()
    if not (c.data_dir / "PG_VERSION").exists():
        return False
    return _run(c, "pg_ctl", "status", "-D", c.data_dir, check=False).returncode == 0


def start(c=None):
    """Create the cluster if needed, start it if stopped, make sure the ``gridgov`` database exists."""
    c = c or cluster()
    _prepare_dirs(c)
    with _lock(c):
        if not (c.data_dir / "PG_VERSION").exists():
            _initdb(c)
        if not is_running(c):
            c.socket_dir.mkdir(parents=True, exist_ok=True)
            _prepare_dirs(c)
            _run(c, "pg_ctl", "start", "-D", c.data_dir, "-l", c.log_file, "-w", "-t", "60")
        create_database(c, "gridgov")
    return c


def stop(c=None):
    c = c or cluster()
    if is_running(c):
        _run(c, "pg_ctl", "stop", "-D", c.data_dir, "-m", "fast", "-w")


def create_database(c, name, drop_first=False):
    """Create database ``name`` in the running cluster (optionally dropping it first)."""
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(c.url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            if drop_first:
                cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cur.execute(load("gis", "database_exists"), {"name": name})
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()
