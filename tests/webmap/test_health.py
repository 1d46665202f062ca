"""``GET /healthz`` and ``gridgov --version``: what a monitor and an operator ask first."""
import secrets
from importlib import metadata

import psycopg2
from click.testing import CliRunner

from gridgov_cli.main import cli
from webmap import create_app


def test_healthy_without_signing_in_and_unavailable_with_a_migration_missing(database_url):
    client = create_app({"SECRET_KEY": secrets.token_urlsafe(32), "TESTING": True}).test_client()
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok", "version": metadata.version("gridgov"), "migrations_pending": []}
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM schema_migration WHERE version = (SELECT max(version) FROM schema_migration) "
                    "RETURNING version, name, checksum, applied_at")
        removed = cur.fetchone()
    try:
        down = client.get("/healthz")
        assert down.status_code == 503 and down.get_json()["migrations_pending"] == [f"{removed[0]:03d}_{removed[1]}"]
    finally:
        with conn, conn.cursor() as cur:
            cur.execute("INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES (%s, %s, %s, %s)",
                        removed)
        conn.close()


def test_the_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"gridgov, version {metadata.version('gridgov')}"
