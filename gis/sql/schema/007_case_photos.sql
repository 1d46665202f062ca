-- Photos of cases (现场照片): what a grid member attaches from the phone — to a case they work on, or to
-- a field report — kept in PostGIS beside the case, as bytes with their content type, size and digest,
-- who attached them and when (the case clock). A photo is served back only to accounts that may see its
-- case (grids/photos.py). The type is the one the bytes' magic number says (JPEG, PNG or WebP), never
-- what the client claimed; the size limit is checked before the insert and again here.
CREATE TABLE case_photo (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES incident (id),
    case_version integer,                  -- the case event (a note) that announced it, if any
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 5242880),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data bytea NOT NULL CHECK (octet_length(data) = size_bytes),
    uploaded_by bigint REFERENCES person (id),
    uploaded_at timestamptz NOT NULL,      -- on the case clock, as case_event.at
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX case_photo_incident ON case_photo (incident_id);
-- JPEG, PNG and WebP are compressed already: store them out of line without another compression attempt.
ALTER TABLE case_photo ALTER COLUMN data SET STORAGE EXTERNAL;
