-- Incidents from every channel, placed in their cells. One table for all channels; a ticket is
-- identified by its channel and the channel's own ticket number (source_ref), so importing the same
-- export twice adds nothing. The placement columns record where the incident belongs, in which
-- boundary generation, how that was decided and how sure it is; the case loop extends status.
--
-- Bulk intake is the hot path (a million rows an import): category_code and generation_id carry no
-- foreign keys, whose per-row triggers cost a fifth of the insert time; the intake only ever writes
-- codes from the category table and the generation it placed in. Indexes are the ones the product
-- queries need (ticket identity, map by location, time windows, per grid, the review queue).

CREATE TABLE category (
    code text PRIMARY KEY,
    name text NOT NULL,
    name_en text,
    parent_code text REFERENCES category (code),
    time_limit_hours integer CHECK (time_limit_hours > 0),
    aliases text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE incident (
    id bigserial PRIMARY KEY,
    channel text NOT NULL CHECK (channel IN ('hotline', 'police110', 'patrol', 'app', 'petition', 'assigned')),
    source_ref text NOT NULL,
    reported_at timestamptz NOT NULL,
    category_code text,                    -- a category's code (checked by the intake, see below)
    category_text text,                    -- as the channel gave it
    title text,
    description text,
    reporter_name text,                    -- personal data: masked wherever it is not needed
    reporter_phone text,                   -- personal data
    address text,
    source_x double precision,             -- coordinates as given, in source_crs
    source_y double precision,
    source_crs text,
    geom geometry(Point, 4490),            -- where the incident is: its coordinates, else its address's cell
    generation_id integer,                 -- the generation the placement was made in
    district_code text,
    street_code text,
    community_code text,
    grid_code text,
    microgrid_code text,
    placement_method text CHECK (placement_method IN
        ('coordinates', 'nearest', 'address_exact', 'address_fuzzy', 'manual')),
    placement_level text,                  -- the finest level placed: stairwell, building, grid, compound, road, community
    placement_confidence real CHECK (placement_confidence BETWEEN 0 AND 1),
    placement_distance_m real,             -- for 'nearest': how far outside the cell the point lies
    unplaced_reason text,
    placement_candidates jsonb,
    status text NOT NULL DEFAULT 'reported',
    attributes jsonb NOT NULL DEFAULT '{}',
    content_hash text NOT NULL,            -- of the source row: a changed row updates its incident
    imported_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz,
    CONSTRAINT incident_channel_ref UNIQUE (channel, source_ref),
    CHECK ((placement_method IS NULL) = (grid_code IS NULL AND community_code IS NULL))
);
CREATE INDEX incident_geom_gist ON incident USING gist (geom);
CREATE INDEX incident_reported_brin ON incident USING brin (reported_at);
CREATE INDEX incident_grid_code ON incident (grid_code);
CREATE INDEX incident_unplaced ON incident (reported_at) WHERE placement_method IS NULL;

-- Every incident import that wrote something, with its report.
CREATE TABLE incident_import (
    id bigserial PRIMARY KEY,
    source text NOT NULL,
    channel text,
    summary jsonb NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);
