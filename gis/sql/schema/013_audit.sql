-- Who did it: the operator of every write that had none recorded (issue 13). A session says who it
-- acts for with the transaction-local setting gridgov.operator — "cli:<OS user>" for the command line
-- (gridgov_cli/main.py), "web:<account>" for a signed-in request (webmap/auth.py) — and these columns
-- take it by default, so no statement can forget it.
CREATE FUNCTION gridgov_operator() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('gridgov.operator', true), '') $$;

-- The case history: who typed the command or clicked, beside by_person_id (whom the action names).
ALTER TABLE case_event ADD COLUMN operator text DEFAULT gridgov_operator();
-- Imports: who ran them.
ALTER TABLE incident_import ADD COLUMN operator text DEFAULT gridgov_operator();
-- The planning log: the operator beside the account (a CLI step names both).
ALTER TABLE planning_log ADD COLUMN operator text DEFAULT gridgov_operator();
-- Publication of a generation and placement by hand: by whom.
ALTER TABLE generation ADD COLUMN published_by text;
ALTER TABLE incident ADD COLUMN placed_by text;
