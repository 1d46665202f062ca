-- The cell store: nested cells (district > street > community > grid > micro-grid) in boundary
-- generations, MapIt style. A row is valid from generation_low to generation_high inclusive, or from
-- generation_low on while generation_high is NULL; a cell whose geometry or attributes change gets a
-- new row and the old row's range is closed, so "as of generation N" is a range filter
-- (in_generation) and nothing is ever overwritten once published. Keeping the open end NULL means
-- opening a draft touches no row.

CREATE TABLE generation (
    id integer PRIMARY KEY CHECK (id > 0),
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    effective_date date,
    CHECK ((published_at IS NULL) = (effective_date IS NULL))
);
-- At most one draft (unpublished) generation at a time.
CREATE UNIQUE INDEX generation_single_draft ON generation ((true)) WHERE published_at IS NULL;

-- Whether a row valid from generation_low to generation_high (NULL: open) is valid in generation g.
-- A plain SQL function: the planner inlines it, so indexes still apply.
CREATE FUNCTION in_generation(generation_low integer, generation_high integer, g integer)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT generation_low <= g AND (generation_high IS NULL OR g <= generation_high) $$;

CREATE TABLE cell (
    id bigserial PRIMARY KEY,
    code text NOT NULL CHECK (code ~ '^[0-9A-Za-z_-]+$'),
    level text NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid', 'microgrid')),
    kind text,
    name text NOT NULL,
    parent_code text,
    households integer CHECK (households >= 0),
    population integer CHECK (population >= 0),
    attributes jsonb NOT NULL DEFAULT '{}',
    geom geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    -- area on the CGCS2000 ellipsoid, in square metres
    area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED,
    generation_low integer NOT NULL REFERENCES generation (id),
    generation_high integer REFERENCES generation (id),  -- NULL: still valid in the newest generation
    CHECK (generation_low <= generation_high),
    CHECK (
        (level IN ('district', 'street', 'community') AND kind IS NULL)
        OR (level = 'grid' AND kind IN ('basic', 'dedicated'))
        OR (level = 'microgrid' AND kind IN ('building', 'stairwell'))
    ),
    CONSTRAINT cell_code_generations_disjoint
        EXCLUDE USING gist (code WITH =, int4range(generation_low, generation_high, '[]') WITH &&)
);
CREATE INDEX cell_geom_gist ON cell USING gist (geom);
CREATE INDEX cell_code ON cell (code);
CREATE INDEX cell_level_generations ON cell (level, generation_low, generation_high);
CREATE INDEX cell_parent_code ON cell (parent_code);

-- The standard address register (标准地址库) of building and stairwell micro-grids: what the address
-- geocoder matches against. Keyed by the micro-grid's code, which survives boundary generations.
CREATE TABLE standard_address (
    cell_code text PRIMARY KEY,
    compound text,
    road text,
    door_number text,
    building_number text,
    unit text,
    full_address text NOT NULL
);

-- People responsible for cells. The case-loop work extends this; the cell store needs it to report
-- grids without a member ("one grid, one member").
CREATE TABLE person (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    phone text,
    role text NOT NULL CHECK (role IN (
        'grid_member', 'grid_head', 'building_head', 'community_staff', 'street_staff',
        'department', 'command_staff', 'planner', 'admin'
    )),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE person_cell (
    person_id bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    cell_code text NOT NULL,
    PRIMARY KEY (person_id, cell_code)
);
CREATE INDEX person_cell_code ON person_cell (cell_code);

-- Every boundary import that wrote something, with its summary: the audit trail of the cell store.
CREATE TABLE boundary_import (
    id bigserial PRIMARY KEY,
    generation_id integer NOT NULL REFERENCES generation (id),
    source text NOT NULL,
    level text NOT NULL,
    summary jsonb NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);
