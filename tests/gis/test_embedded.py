"""The embedded PostGIS: private, socket-only, per checkout, and running as an unprivileged user."""
import os

import psycopg2

from gis import embedded


def test_the_server_listens_on_a_private_socket_only(database_url):
    conn = psycopg2.connect(database_url)
    with conn.cursor() as cur:
        cur.execute("SHOW listen_addresses")
        listen = cur.fetchone()[0]
        cur.execute("SELECT postgis_lib_version()")
        postgis = cur.fetchone()[0]
    conn.close()
    assert tuple(int(p) for p in postgis.split(".")[:2]) >= (3, 1)
    if not os.environ.get("GRIDGOV_TEST_DATABASE_URL"):
        assert listen == ""
        socket_dir = embedded.cluster().socket_dir
        assert oct(socket_dir.stat().st_mode & 0o777) == "0o700"


def test_the_server_never_runs_as_root(database_url):
    if os.environ.get("GRIDGOV_TEST_DATABASE_URL"):
        return
    data_dir = embedded.cluster().data_dir
    with open(data_dir / "postmaster.pid") as pid_file:
        pid = int(pid_file.readline())
    with open(f"/proc/{pid}/status") as status:
        uid = next(int(line.split()[1]) for line in status if line.startswith("Uid:"))
    assert uid != 0
    assert uid == os.stat(data_dir).st_uid


def test_two_checkouts_get_two_homes(monkeypatch, tmp_path):
    monkeypatch.delenv("GRIDGOV_HOME", raising=False)
    first = embedded.default_home()
    monkeypatch.setattr(embedded, "PROJECT_ROOT", tmp_path / "other-checkout")
    second = embedded.default_home()
    assert first != second


def test_gridgov_home_overrides_and_long_paths_get_a_short_socket(monkeypatch, tmp_path):
    long_home = tmp_path / ("x" * 120)
    monkeypatch.setenv("GRIDGOV_HOME", str(long_home))
    cluster = embedded.cluster()
    assert cluster.home == long_home.resolve()
    assert len(str(cluster.socket_dir)) + 14 <= embedded.SOCKET_PATH_LIMIT
    assert str(cluster.socket_dir) in cluster.url()
