-- Least privilege (issue 13): the web app and the CLI's everyday commands connect as gridgov_app, a login
-- role that may read and write the data but never alter the schema or rewrite the history; migrations,
-- the demo build and the bulk incident import connect as the owner of the tables (gis.db, docs/security.md).
--
-- gridgov_app gets: CONNECT and TEMPORARY on this database (the imports stage rows in temporary tables),
-- USAGE on schema public, SELECT/INSERT/UPDATE/DELETE on gridgov's tables, USAGE/SELECT on their
-- sequences, EXECUTE on gridgov's functions; on the history tables only SELECT and INSERT. Never
-- TRUNCATE, REFERENCES, TRIGGER, CREATE on the schema, nor the ownership of anything. Objects of
-- extensions (PostGIS's spatial_ref_sys, its functions) keep the grants the extension gave them.
--
-- Roles belong to the cluster, grants to a database: the role is created once (several databases of one
-- cluster, e.g. the tests', each run this), the grants in whatever database this runs in. On a server
-- where the owner may not create roles, a DBA creates gridgov_app first (with a password) and this only
-- grants. A gridgov_app that exists with more power than a plain login is refused.
DO $$
DECLARE
    app pg_roles%ROWTYPE;
BEGIN
    SELECT * INTO app FROM pg_roles WHERE rolname = 'gridgov_app';
    IF NOT FOUND THEN
        BEGIN
            CREATE ROLE gridgov_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;                          -- another database's migration created it meanwhile
        END;
        SELECT * INTO app FROM pg_roles WHERE rolname = 'gridgov_app';
    END IF;
    IF app.rolsuper OR app.rolcreatedb OR app.rolcreaterole OR app.rolreplication OR app.rolbypassrls THEN
        RAISE EXCEPTION 'the role gridgov_app must be a plain login (no SUPERUSER, CREATEDB, CREATEROLE, '
                        'REPLICATION or BYPASSRLS); a DBA must take those attributes away first';
    END IF;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO gridgov_app', current_database());
END
$$;

-- Nobody but the owner creates objects in the schema (PostgreSQL 15 revokes this by default already;
-- older servers granted CREATE to PUBLIC).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO gridgov_app;

-- gridgov's own tables, sequences and functions: those of schema public that no extension owns.
DO $$
DECLARE
    object record;
BEGIN
    FOR object IN
        SELECT c.oid, c.relname, c.relkind FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    LOOP
        IF object.relkind = 'S' THEN
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO gridgov_app', object.relname);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO gridgov_app', object.relname);
        END IF;
    END LOOP;
    FOR object IN
        SELECT p.oid FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO gridgov_app', object.oid::regprocedure);
    END LOOP;
END
$$;

-- The history: append-only by privilege (the trigger of 004 stays, for the owner's sessions).
-- case_event: every transition of a case; planning_log: every step of the planners, discards included;
-- incident_import: the record of each incident import; case_photo: what was attached to a case, as evidence.
REVOKE UPDATE, DELETE ON case_event, planning_log, incident_import, case_photo FROM gridgov_app;
-- The migrations' ledger: the app may read it, only the owner writes it.
REVOKE INSERT, UPDATE, DELETE ON schema_migration FROM gridgov_app;

-- Tables, sequences and functions the owner creates in later migrations get the ordinary grants by
-- themselves. A later migration that creates a history table must REVOKE UPDATE, DELETE on it from
-- gridgov_app (tests/security/test_privileges.py checks every *_log, *_event, *_history and *audit* table).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gridgov_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO gridgov_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO gridgov_app;
