"""The ``gridgov`` command in tests, run in-process by click's runner, and a look at the store it wrote
through a connection of its own (the command commits; the test's transaction would not see it)."""
import json

import psycopg2
from click.testing import CliRunner

from gridgov_cli.main import cli


def gridgov(*args):
    """Run ``gridgov *args`` (any value turned to text); the click result, whatever its exit code."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def import_json(*args):
    """``gridgov boundaries import *args --json``, asserted to succeed: its report."""
    result = gridgov("boundaries", "import", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def stored(database_url, sql, params=()):
    """The rows ``sql`` answers on a new connection to ``database_url``."""
    conn = psycopg2.connect(database_url)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        conn.close()
