"""What gridgov promises about database privileges: the web app and the CLI's everyday commands connect
as ``gridgov_app``, which may read and write the data but can neither alter the schema, nor rewrite or
empty the history, nor become anyone else; the history tables are append-only by privilege, not only by
trigger; only migrations, the demo build and the bulk import connect as the owner of the tables.
"""
import secrets

import psycopg2
import psycopg2.errors
import pytest

from gis import db
from gis.errors import DatabaseSetupError
from webmap import create_app
from webmap.db import connection

APP_ROLE = "gridgov_app"
HISTORY_TABLES = ("case_event", "planning_log", "incident_import", "case_photo",
                  "address_import",                              # the record of each register import (021)
                  "api_ticket",                                  # which key submitted a ticket (020)
                  "dispute_session", "dispute_handover", "dispute_call",   # the records of mediation (023)
                  "screening_visit",
                  "petition_repeat", "skip_level_visit", "petition_hash_key",   # petitions' links, visits, key (026)
                  "backlog_consultation", "major_issue_matter",            # petition work's records (027)
                  "early_warning_ticket")                                  # the tickets of a warning (028)
HISTORY_NAMES = r"(_log|_event|_events|_history)$|audit"       # what a later history table would be called
# records that are answered later (an UPDATE) but never deleted: the calls of 吹哨报到
# (014), keys revoked later and the webhook outbox's deliveries (020), disputes and their agreements'
# follow-up (023)
ANSWERED_RECORDS = ("case_whistle", "api_key", "api_webhook_outbox", "dispute", "dispute_agreement",
                    "early_warning",                                     # decided once: confirmed or dismissed (028)
                    "petition_matter",                                   # a petition matter's steps (026)
                    # the petition office's registers, answered later: closed off, rated, responded, adopted (027)
                    "backlog_matter", "major_issue", "proxy_agent", "proxy_assignment", "proxy_call", "reception_day",
                    "reception_matter", "suggestion_campaign", "suggestion")

# tables kept by triggers on the tables they summarise (the incident roll-up, 030): the app reads them, and
# its writes to incident keep them through the triggers' SECURITY DEFINER functions
DERIVED_TABLES = ("incident_rollup",)

REFUSED = [
    "TRUNCATE case_event",
    "ALTER TABLE case_event DISABLE TRIGGER ALL",
    "UPDATE case_event SET note = 'rewritten'",
    "DELETE FROM case_event",
    "UPDATE planning_log SET by_username = 'someone else'",
    "DELETE FROM planning_log",
    "DELETE FROM incident_import",
    "UPDATE incident_rollup SET received = received + 1",
    "TRUNCATE incident, account CASCADE",
    "DROP TABLE case_event",
    "ALTER TABLE account ADD COLUMN backdoor text",
    "CREATE TABLE intruder (id integer)",
    "CREATE FUNCTION intruder() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
    "ALTER ROLE gridgov_app SUPERUSER",
    "CREATE ROLE intruder LOGIN",
    "SET session_replication_role = replica",          # would switch every trigger off
    "SET ROLE gridgov",
    "COPY (SELECT 1) TO PROGRAM 'true'",
    "SELECT pg_read_file('postgresql.conf')",
]


@pytest.fixture
def request_connection(database_url):
    """The database connection a request of the served web app gets (from gis.db's pool)."""
    app = create_app({"SECRET_KEY": secrets.token_urlsafe(32), "TESTING": True})
    with app.test_request_context("/"):
        yield connection()


def _answer(conn, statement, params=None):
    with conn.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchone()


@pytest.mark.parametrize("statement", REFUSED)
def test_the_web_app_can_neither_alter_the_schema_nor_rewrite_the_history(request_connection, statement):
    """Through the connection a request really uses, DDL, TRUNCATE, rewriting history rows, switching
    triggers off and taking another role are refused by PostgreSQL's privileges (not by a trigger)."""
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            request_connection.cursor().execute(statement)
    finally:
        request_connection.rollback()


def test_the_web_app_is_a_plain_login_not_a_superuser(request_connection):
    """The web app's session user is gridgov_app: no superuser, no CREATEDB, CREATEROLE or BYPASSRLS."""
    assert _answer(request_connection, "SELECT session_user, current_user, current_setting('is_superuser')") \
        == (APP_ROLE, APP_ROLE, "off")
    assert _answer(request_connection, "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls "
                                       "FROM pg_roles WHERE rolname = current_user") == (False,)


def test_the_web_app_still_does_its_ordinary_work(request_connection):
    """Reading, appending to the history, writing ordinary rows and staging in temporary tables work."""
    with request_connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM incident")
        cur.execute("INSERT INTO planning_log (generation_id, action) VALUES (0, 'edit') RETURNING id")
        cur.execute("UPDATE account SET scope_code = scope_code WHERE false")
        cur.execute("CREATE TEMP TABLE staging (id integer) ON COMMIT DROP")
        cur.execute("SELECT in_generation(1, 2, 1)")
    request_connection.rollback()


def test_the_web_app_writing_incidents_keeps_the_rollup_it_may_not_write(request_connection):
    """An incident the app adds is counted in the roll-up by the trigger (run with the owner's rights),
    though the app itself may not write the roll-up."""
    with request_connection.cursor() as cur:
        cur.execute("INSERT INTO incident (channel, source_ref, reported_at, content_hash) "
                    "VALUES ('app', 'privileges-1', '2025-06-01T10:00:00+08:00', 'h')")
        cur.execute("SELECT sum(received) FROM incident_rollup WHERE month = '2025-06-01' AND channel = 'app'")
        assert cur.fetchone()[0] >= 1
    request_connection.rollback()


def test_the_cli_everyday_connection_is_the_app_role_and_the_owner_is_asked_for_by_name(database_url):
    """``gis.db.connect()`` (every everyday command) is gridgov_app; ``connect(role="owner")`` (migrations,
    the demo build, the bulk import) is the owner of the tables."""
    with db.connect() as conn:
        assert _answer(conn, "SELECT current_user") == (APP_ROLE,)
    with db.connect(role="owner") as conn:
        assert _answer(conn, "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class "
                             "WHERE oid = 'case_event'::regclass") == (True,)


def test_without_an_app_login_the_app_connection_sets_the_role(database_url, monkeypatch):
    """An external server without GRIDGOV_APP_DATABASE_URL: the app's connections are the owner's login
    with ``SET ROLE gridgov_app`` at start, so TRUNCATE and DDL are refused there too (a weaker fallback:
    the session could RESET ROLE; docs/security.md says to give the app its own login)."""
    monkeypatch.delenv("GRIDGOV_APP_DATABASE_URL", raising=False)
    conn = db.open_connection(role="app")
    try:
        assert _answer(conn, "SELECT current_user, current_setting('is_superuser')") == (APP_ROLE, "off")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            conn.cursor().execute("TRUNCATE case_event")
    finally:
        conn.close()


def test_a_web_server_given_only_the_app_login_runs_without_the_owner(database_url, monkeypatch):
    """With only GRIDGOV_APP_DATABASE_URL set, the pool checks the schema instead of migrating it and
    connects as gridgov_app; what needs the owner (the demo, imports) is refused with a clear error
    instead of starting an embedded server."""
    monkeypatch.delenv("GRIDGOV_DATABASE_URL")
    monkeypatch.setattr(db, "_pool", None)
    try:
        with db.connect() as conn:
            assert _answer(conn, "SELECT current_user") == (APP_ROLE,)
        with pytest.raises(DatabaseSetupError, match="GRIDGOV_DATABASE_URL"):
            with db.connect(role="owner"):
                pass
    finally:
        if db._pool is not None:
            db._pool.closeall()


def _privileges(conn, table):
    return _answer(conn, "SELECT has_table_privilege(%(role)s, %(t)s, 'SELECT'), "
                         "has_table_privilege(%(role)s, %(t)s, 'INSERT'), "
                         "has_table_privilege(%(role)s, %(t)s, 'UPDATE'), "
                         "has_table_privilege(%(role)s, %(t)s, 'DELETE'), "
                         "has_table_privilege(%(role)s, %(t)s, 'TRUNCATE')",
                   {"role": APP_ROLE, "t": table})


def _gridgov_tables(conn):
    """The tables of schema public that the migrations made (not PostGIS's), with their owner."""
    with conn.cursor() as cur:
        cur.execute("SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c "
                    "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') "
                    "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
                    "                AND d.objid = c.oid AND d.deptype = 'e')")
        return dict(cur.fetchall())


def test_history_tables_are_append_only_by_privilege(conn):
    """The case history, the planning log, the import log and case photos — and any table a later
    migration names *_log, *_event, *_history or *audit* — the app may read and append to, never
    update, delete or truncate."""
    with conn.cursor() as cur:
        cur.execute("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                    "AND relkind IN ('r', 'p') AND relname ~ %s", (HISTORY_NAMES,))
        named = {name for name, in cur.fetchall()}
    for table in sorted(set(HISTORY_TABLES) | named):
        assert _privileges(conn, table) == (True, True, False, False, False), table


def test_every_other_table_is_writable_but_never_truncatable_nor_owned_by_the_app(conn):
    """Every table of gridgov (those of later migrations too, by default privileges) the app may read
    and write, but it owns none and may truncate none."""
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE later_migration_table (id bigserial PRIMARY KEY)")   # rolled back
    tables = _gridgov_tables(conn)
    assert "later_migration_table" in tables
    for table, owner in tables.items():
        assert owner != APP_ROLE, table
        privileges = _privileges(conn, table)
        assert privileges[4] is False, table
        if table in ANSWERED_RECORDS:
            assert privileges == (True, True, True, False, False), table
        elif table in DERIVED_TABLES:
            assert privileges == (True, False, False, False, False), table
        elif table not in HISTORY_TABLES and table != "schema_migration" and not _looks_like_history(conn, table):
            assert privileges == (True, True, True, True, False), table
    assert _answer(conn, "SELECT has_sequence_privilege(%s, 'later_migration_table_id_seq', 'USAGE')",
                   (APP_ROLE,)) == (True,)


def _looks_like_history(conn, table):
    return _answer(conn, "SELECT %s ~ %s", (table, HISTORY_NAMES))[0]
