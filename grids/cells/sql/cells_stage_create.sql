DROP TABLE IF EXISTS cell_stage;
-- Incoming cells of one import, before they are merged into the generation being written.
CREATE TEMP TABLE cell_stage (
    stage_index integer PRIMARY KEY,
    code text,
    level text NOT NULL,
    kind text,
    name text NOT NULL,
    parent_code text,
    households integer,
    population integer,
    attributes jsonb NOT NULL,
    geom geometry(MultiPolygon, 4490) NOT NULL,
    same_geometry boolean NOT NULL DEFAULT false  -- as the stored version, within GEOMETRY_TOLERANCE
) ON COMMIT DROP;
