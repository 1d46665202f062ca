-- Early warnings (预警, issue 18): bursts of many distinct reporters about one topic at one place within a
-- few days, flagged as a possible collective incident (群体性事件苗头) by grids/foresight/bursts.py, and
-- confirmed or dismissed by staff (grids/foresight/warnings.py), so the rule's precision is measured. The
-- rule, its parameters and the severity are documented in docs/foresight.md ("Bursts and early warnings").
--
-- A warning links the tickets (incidents) of its burst; a re-run of the detector extends an open (or
-- confirmed) warning with the burst's new tickets instead of raising another, and never raises a warning
-- again on tickets of a dismissed one. first_incident_id is the ticket the warning was raised on: its
-- foreign key makes emptying the incidents (TRUNCATE … CASCADE, a demo rebuild) empty the warnings too.

CREATE TABLE early_warning (
    id bigserial PRIMARY KEY,
    category_code text NOT NULL,
    geom geometry(Point, 4490) NOT NULL,             -- the centre of the burst's tickets
    cell_code text,                                  -- the finest cell holding the centre's nearest ticket
    district_code text,
    street_code text,
    community_code text,
    grid_code text,
    first_reported_at timestamptz NOT NULL,
    last_reported_at timestamptz NOT NULL CHECK (last_reported_at >= first_reported_at),
    reporters integer NOT NULL CHECK (reporters >= 1),     -- distinct reporters (docs/foresight.md)
    tickets integer NOT NULL CHECK (tickets >= 1),
    severity text NOT NULL CHECK (severity IN ('red', 'orange', 'yellow')),   -- 红 / 橙 / 黄
    escalation_words text[] NOT NULL DEFAULT '{}',   -- the escalation words found in its tickets
    rule jsonb NOT NULL,                             -- rule version and parameters of the run that raised it
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
    decided_by bigint REFERENCES person (id),
    decided_at timestamptz,
    reason text,
    first_incident_id bigint NOT NULL REFERENCES incident (id),
    raised_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0,
    CHECK ((status = 'open') = (decided_at IS NULL)),
    CHECK (status <> 'dismissed' OR coalesce(btrim(reason), '') <> '')
);
CREATE INDEX early_warning_geom ON early_warning USING gist (geom);
CREATE INDEX early_warning_status ON early_warning (status, category_code);
CREATE INDEX early_warning_cell ON early_warning (cell_code);

-- The tickets of a warning: a ticket belongs to one warning at most.
CREATE TABLE early_warning_ticket (
    warning_id bigint NOT NULL REFERENCES early_warning (id),
    incident_id bigint NOT NULL REFERENCES incident (id),
    linked_at timestamptz NOT NULL,
    PRIMARY KEY (warning_id, incident_id),
    UNIQUE (incident_id)
);

-- The warning's history: raised, extended, confirmed, dismissed — append-only, with the actor
-- (by_person_id: NULL for the detector) and operator (who typed or clicked, gridgov_operator(), 013).
CREATE TABLE early_warning_event (
    id bigserial PRIMARY KEY,
    warning_id bigint NOT NULL REFERENCES early_warning (id),
    action text NOT NULL CHECK (action IN ('raised', 'extended', 'confirmed', 'dismissed')),
    from_status text,
    to_status text NOT NULL,
    by_person_id bigint REFERENCES person (id),
    at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    reason text,
    details jsonb NOT NULL DEFAULT '{}',
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX early_warning_event_warning ON early_warning_event (warning_id, id);
CREATE FUNCTION early_warning_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the early warning history is append-only: % of early_warning_event % refused', TG_OP, OLD.id;
END $$;
CREATE TRIGGER early_warning_event_no_update_or_delete BEFORE UPDATE OR DELETE ON early_warning_event
    FOR EACH ROW EXECUTE FUNCTION early_warning_event_append_only();

-- Least privilege (012's default privileges gave gridgov_app all four): the history and the ticket links
-- are records, never rewritten; a warning is decided (an UPDATE) but never deleted. gridgov_reader (024)
-- reads only the qgis_* views: these tables are not granted to it.
REVOKE UPDATE, DELETE ON early_warning_event, early_warning_ticket FROM gridgov_app;
REVOKE DELETE ON early_warning FROM gridgov_app;
