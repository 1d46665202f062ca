"""Shared bits of the benchmarks: a scratch database, the demo store, a timer, the machine, a markdown table."""
import os
import platform
import secrets
import statistics
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg2

from gis import db, embedded, migrate


def bench_database_url():
    """``GRIDGOV_BENCH_DATABASE_URL``, else a fresh ``gridgov_bench`` database in the embedded cluster."""
    url = os.environ.get("GRIDGOV_BENCH_DATABASE_URL")
    if not url:
        cluster = embedded.start()
        embedded.create_database(cluster, "gridgov_bench", drop_first=True)
        url = cluster.url("gridgov_bench")
    conn = db.open_connection(url)
    migrate.migrate(conn)
    conn.commit()
    conn.close()
    os.environ["GRIDGOV_DATABASE_URL"] = url
    return url


def named_scratch_database(database, reuse):
    """``GRIDGOV_BENCH_DATABASE_URL``, else the database ``database`` of the embedded cluster, dropped and
    made again unless ``reuse``; migrated either way."""
    if not os.environ.get("GRIDGOV_BENCH_DATABASE_URL"):
        cluster = embedded.start()
        embedded.create_database(cluster, database, drop_first=not reuse)
        os.environ["GRIDGOV_BENCH_DATABASE_URL"] = cluster.url(database)
    return bench_database_url()


def demo_store_url(database):
    """``GRIDGOV_BENCH_DATABASE_URL``, else the database ``database`` of the embedded cluster holding the
    demo district (seed 42), built by ``gridgov demo`` when it holds no incidents."""
    url = os.environ.get("GRIDGOV_BENCH_DATABASE_URL")
    if url:
        return url
    cluster = embedded.start()
    embedded.create_database(cluster, database)
    url = cluster.url(database)
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('incident') IS NOT NULL AND EXISTS (SELECT 1 FROM incident)")
            built = cur.fetchone()[0]
    except psycopg2.Error:
        built = False
    finally:
        conn.close()
    if not built:
        gridgov = Path(__file__).resolve().parent.parent / ".venv/bin/gridgov"
        subprocess.run([str(gridgov), "demo", "--seed", "42"], check=True, capture_output=True,
                       env={**os.environ, "GRIDGOV_DATABASE_URL": url})
    return url


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return f"{cpu}, {os.cpu_count()} cores, {memory / 2**20:.0f} GiB, Python {platform.python_version()}"


def median_seconds(run, repeat=3):
    """Median wall time of ``run()`` over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


@contextmanager
def timed(results, name, count=None, unit="items"):
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    results.append((name, seconds, count, unit))


def table(results):
    lines = ["| what | seconds | throughput |", "|---|---:|---:|"]
    for name, seconds, count, unit in results:
        rate = f"{count / seconds:,.0f} {unit}/s" if count else ""
        lines.append(f"| {name} | {seconds:.3f} | {rate} |")
    return "\n".join(lines)


@contextmanager
def served_app(config=None, threads=8):
    """The gridgov app (no basemap, a fresh secret, ``config`` on top) served by waitress on a free
    loopback port, in a thread of this process; yields its base URL."""
    from waitress.server import create_server

    from webmap import create_app

    app = create_app({"SECRET_KEY": secrets.token_urlsafe(32), "GRIDGOV_BASEMAP": "none", **(config or {})})
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=_run_until_closed, args=(server,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


def _run_until_closed(server):
    try:
        server.run()
    except OSError:              # the socket closed under the loop: the server was stopped
        pass
