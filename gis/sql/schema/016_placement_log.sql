-- Placement by hand, recorded (issue 14): each incident placed from the review queue — from the web or
-- `gridgov incidents place` — leaves a row saying who placed it, when, why it had been unplaced, where
-- it went and how (a chosen cell or a point on the map). Append-only, like the other history tables.
CREATE TABLE incident_placement_log (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES incident (id),
    placed_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator(),
    method text NOT NULL CHECK (method IN ('cell', 'point')),
    cell_code text NOT NULL,
    generation_id integer NOT NULL REFERENCES generation (id),
    unplaced_reason text,                 -- why it waited in the queue
    lon double precision,                 -- the point chosen on the map (WGS 84), for method 'point'
    lat double precision
);
CREATE INDEX incident_placement_log_incident ON incident_placement_log (incident_id);
REVOKE UPDATE, DELETE ON incident_placement_log FROM gridgov_app;
