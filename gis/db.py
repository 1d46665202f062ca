"""Connections: one pool per process, a plain ``connect()`` for the CLI and ETL.

Which server: ``GRIDGOV_DATABASE_URL`` when set (an existing PostGIS >= 3.1; gridgov never starts a
server then), else the embedded cluster of :mod:`gis.embedded`, started on first use. The schema is
migrated once per process the first time a connection is handed out.

Two roles (least privilege, docs/security.md): the ``owner`` of the tables runs the migrations, the demo
build and the bulk incident import; the ``app`` role ``gridgov_app`` (``gis/sql/schema/012_roles.sql``)
is what the pool, and so the web app and the CLI's everyday commands, connect as: it reads and writes
the data but cannot alter the schema or rewrite the history. ``GRIDGOV_DATABASE_URL`` is the owner's
URL; ``GRIDGOV_APP_DATABASE_URL`` the app's own login. In the embedded cluster the app logs in as
``gridgov_app`` on the private socket. An external server without ``GRIDGOV_APP_DATABASE_URL`` gets the
owner's login with ``role=gridgov_app`` set at connection start: weaker, since a session can ``RESET
ROLE``; production gives the app its own login. A web server given only ``GRIDGOV_APP_DATABASE_URL``
never holds the owner's password: it checks that the schema is migrated instead of migrating it.

Domain functions take a ``conn`` argument and never commit on their own; whoever opened the
connection decides (``connect()`` commits on success and rolls back on error). Tests hand those
functions a connection inside a transaction that they roll back.
"""
import contextlib
import os
import threading
from contextlib import contextmanager

import psycopg2
import psycopg2.extensions
import psycopg2.extras
from gis import embedded, migrate
from gis.pool import WaitingPool
from gis.errors import DatabaseSetupError
from gis.settings import settings

OWNER, APP = "owner", "app"
APP_ROLE = "gridgov_app"

DEFAULT_POOL_SIZE = 10
_pool = None
_pool_pid = None
_read_pools = {}               # (pid, replica URL) -> its pool
_pool_size = [DEFAULT_POOL_SIZE]
_operator = [None]             # who this process acts for (set_operator)
_pool_lock = threading.Lock()


def database_url(role=OWNER):
    """The URL gridgov connects to as ``role`` (``OWNER`` or ``APP``; see the module docstring):
    ``GRIDGOV_APP_DATABASE_URL`` (app) or ``GRIDGOV_DATABASE_URL``, else the embedded cluster's."""
    if role not in (OWNER, APP):
        raise ValueError(f"no database role {role!r}")
    chosen = settings()
    if role == APP and chosen.app_database_url:
        return chosen.app_database_url
    url = chosen.database_url
    if url:
        return _as_app_role(url) if role == APP else url
    if chosen.app_database_url:
        raise DatabaseSetupError("only the app's GRIDGOV_APP_DATABASE_URL is set: migrations, the demo and "
                                 "imports need the owner's GRIDGOV_DATABASE_URL")
    cluster = embedded.start()
    return cluster.url(user=APP_ROLE) if role == APP else cluster.url()


def _as_app_role(owner_url):
    """The owner's login that takes the app role at connection start (the weaker fallback)."""
    options = psycopg2.extensions.parse_dsn(owner_url).get("options", "")
    return psycopg2.extensions.make_dsn(owner_url, options=f"{options} -c role={APP_ROLE}".strip())


def open_connection(url=None, role=OWNER):
    """A new connection to ``url`` (default: :func:`database_url` of ``role``) with gridgov's settings."""
    conn = psycopg2.connect(url or database_url(role))
    with conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'Asia/Shanghai'")
    conn.commit()
    return conn


def set_operator(operator):
    """Who this process acts for (``"cli:<OS user>"``): every unit of work of :func:`connect` records it
    (:func:`act_as`)."""
    _operator[0] = operator


def act_as(conn, operator):
    """Record ``operator`` in what the current transaction writes (the columns that default to
    ``gridgov_operator()``, gis/sql/schema/013_audit.sql); transaction-local."""
    with conn.cursor() as cur:
        cur.execute("SELECT set_config('gridgov.operator', %s, true)", (operator,))


def size_pool(size):
    """Lend at most ``size`` connections at once (``GRIDGOV_POOL_SIZE`` overrides); call before the
    pool's first use (``gridgov serve``: its threads plus the map's refreshers and warmer)."""
    _pool_size[0] = size


def pool():
    """The process's :class:`gis.pool.WaitingPool` (created and the schema migrated on first call;
    fork-safe): a borrower waits for a free connection instead of failing."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            url = database_url(APP)
            _prepare_schema()
            _pool = WaitingPool(settings().pool_size or _pool_size[0], url)
            _pool_pid = os.getpid()
        return _pool


def read_pool():
    """The pool of the streaming replica that map and KPI reads go to (``GRIDGOV_READ_DATABASE_URL``),
    or None when there is none: those reads then use :func:`pool`. A replica is read-only and may lag
    the primary by its replay delay; the schema is the primary's, so it is never migrated here."""
    url = settings().read_database_url
    if not url:
        return None
    key = (os.getpid(), url)
    with _pool_lock:
        if key not in _read_pools:
            _read_pools[key] = WaitingPool(settings().pool_size or _pool_size[0], url)
        return _read_pools[key]


def _prepare_schema():
    """Migrate as the owner; when only the app's login is known (a web server not given the owner's
    password), check instead that every migration has been applied."""
    if settings().database_url or not settings().app_database_url:
        with contextlib.closing(open_connection(role=OWNER)) as conn, conn:   # migrations run as the owner
            migrate.migrate(conn)
        return
    with contextlib.closing(open_connection(role=APP)) as conn:
        missing = migrate.unapplied(conn)
    if missing:
        raise DatabaseSetupError("the schema is not up to date and gridgov_app may not migrate it: run "
                                 "`gridgov db migrate` with the owner's GRIDGOV_DATABASE_URL",
                                 missing=", ".join(missing))


@contextmanager
def connect(role=APP):
    """A connection for one unit of work, committed on success, rolled back on error: a pooled one of the
    app role, or with ``role=OWNER`` a connection of its own as the owner (the schema migrated first)."""
    if role == OWNER:
        url = database_url(OWNER)
        pool()
        with contextlib.closing(open_connection(url)) as conn, conn:
            if _operator[0]:
                act_as(conn, _operator[0])
            yield conn
        return
    p = pool()
    conn = p.getconn()
    try:
        with conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'Asia/Shanghai'")
        if _operator[0]:
            act_as(conn, _operator[0])
        yield conn
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        p.putconn(conn)


@contextmanager
def read_connect():
    """A connection for reads that may lag a little: the replica's (:func:`read_pool`) when there is one,
    else :func:`connect`'s. Nothing written through it is kept."""
    replicas = read_pool()
    if replicas is None:
        with connect() as conn:
            yield conn
        return
    conn = replicas.getconn()
    try:
        with conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'Asia/Shanghai'")
        yield conn
    finally:
        conn.rollback()
        replicas.putconn(conn)


def dict_cursor(conn):
    """A cursor whose rows are dicts keyed by column name."""
    return conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
