-- The case loop (闭环): every incident is a case, its state in incident.status, moved only by the
-- transitions of grids/caseloop.py, each one appended to case_event (the audit trail, never edited).
--
-- The case columns live on the incident row (one case per incident, and the KPIs over millions of
-- cases then read one table). As in 003 they carry no foreign keys: the intake inserts a million rows
-- an import and per-row FK triggers would slow it; only the case loop writes these columns, and only
-- with ids it has just looked up. case_event, which the intake never touches, has its keys.

ALTER TABLE incident
    ADD CONSTRAINT incident_case_status CHECK (status IN (
        'reported', 'accepted', 'rejected', 'dispatched', 'in_progress', 'handled', 'rework', 'closed',
        'followed_up', 'suspended', 'extended', 'void')),
    ADD COLUMN case_version integer NOT NULL DEFAULT 0,   -- +1 per transition: optimistic concurrency
    ADD COLUMN case_changed_at timestamptz,               -- time (case clock) of the last transition
    ADD COLUMN handler_person_id bigint,                  -- who handles it now (a person's id)
    ADD COLUMN handler_level text CHECK (handler_level IN ('grid', 'community', 'street', 'district', 'department')),
    ADD COLUMN handler_cell_code text,                    -- the cell at handler_level (NULL for a department)
    ADD COLUMN time_limit_hours real CHECK (time_limit_hours > 0),
    ADD COLUMN clock_started_at timestamptz,              -- dispatch to the current level
    ADD COLUMN deadline timestamptz,                      -- clock start + limit + time the clock stood still
    ADD COLUMN clock_paused_at timestamptz,               -- set while the clock stands (handled, suspended, done)
    ADD COLUMN suspended_from text,                       -- the state a suspended case resumes to
    ADD COLUMN urge_count integer NOT NULL DEFAULT 0,     -- 催办
    ADD COLUMN urged_at timestamptz,
    ADD COLUMN supervised_at timestamptz,                 -- 督办
    ADD COLUMN supervised_by bigint,
    ADD COLUMN escalation_count integer NOT NULL DEFAULT 0,
    ADD COLUMN responded_at timestamptz,                  -- accepted or rejected
    ADD COLUMN handled_at timestamptz,                    -- the latest report back (处理反馈)
    ADD COLUMN closed_at timestamptz,                     -- verified and closed (核查结案)
    ADD COLUMN rating text CHECK (rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    ADD COLUMN rated_at timestamptz,
    ADD COLUMN repeat_of bigint,                          -- the earlier incident this one repeats
    ADD COLUMN repeat_checked boolean NOT NULL DEFAULT false;

-- Open cases per handler (load, least-loaded choice); cases whose clock runs, by deadline (tick);
-- incidents not yet examined for repeats (tick). New intake rows enter only the last one.
CREATE INDEX incident_handler_open ON incident (handler_person_id)
    WHERE status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended');
CREATE INDEX incident_clock_running ON incident (deadline)
    WHERE status IN ('dispatched', 'in_progress', 'rework', 'extended');
CREATE INDEX incident_repeat_unchecked ON incident (id) WHERE NOT repeat_checked;
CREATE INDEX incident_repeat_of ON incident (repeat_of) WHERE repeat_of IS NOT NULL;

-- The case history: one row per transition (and per urge, supervision, repeat link), append-only.
CREATE TABLE case_event (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES incident (id),
    version integer NOT NULL,              -- the case's version after this event
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    by_person_id bigint REFERENCES person (id),   -- NULL: the system (tick)
    at timestamptz NOT NULL,               -- on the case clock (settable in tests and replays)
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    note text,
    details jsonb NOT NULL DEFAULT '{}',   -- handler, level, limit, rating, … as the action set them
    UNIQUE (incident_id, version)
);
CREATE INDEX case_event_at_brin ON case_event USING brin (at);
CREATE INDEX case_event_by ON case_event (by_person_id);

CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the case history is append-only: % of case_event % refused', TG_OP, OLD.id;
END $$;
CREATE TRIGGER case_event_no_update_or_delete BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION case_event_append_only();

-- People: a stable code (工号) for files, and what a department handles.
ALTER TABLE person
    ADD COLUMN code text UNIQUE CHECK (code <> ''),
    ADD COLUMN updated_at timestamptz;

-- A department handles categories (a parent category covers its children).
CREATE TABLE person_category (
    person_id bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    category_code text NOT NULL REFERENCES category (code),
    PRIMARY KEY (person_id, category_code)
);
CREATE INDEX person_category_code ON person_category (category_code);
