DROP TABLE IF EXISTS incident_move;
CREATE TEMP TABLE incident_move (
    id bigint PRIMARY KEY, generation_id integer, district_code text, street_code text,
    community_code text, grid_code text, microgrid_code text, placement_method text, placement_level text,
    placement_confidence real, placement_distance_m real, unplaced_reason text, placement_candidates jsonb,
    geom geometry(Point, 4490)
) ON COMMIT DROP;
