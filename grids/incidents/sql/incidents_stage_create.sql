DROP TABLE IF EXISTS incident_stage;
CREATE TEMP TABLE incident_stage (
    channel text, source_ref text, reported_at timestamptz, category_code text, category_text text,
    title text, description text, reporter_name text, reporter_phone text, address text,
    source_x double precision, source_y double precision, source_crs text, geom geometry(Point, 4490),
    generation_id integer, district_code text, street_code text, community_code text, grid_code text,
    microgrid_code text, placement_method text, placement_level text, placement_confidence real,
    placement_distance_m real, unplaced_reason text, placement_candidates jsonb, own_limit_hours real,
    own_limit_workdays real, own_deadline timestamptz, attributes jsonb,
    content_hash text
) ON COMMIT DROP;
