-- Place the unplaced incidents %(ids)s in one cell and its chain, generation %(generation)s, method
-- 'manual'; with a point (%(point)s, WKT in EPSG:4490) the incident moves there, else an incident without
-- a point gets the cell's. Incidents placed meanwhile are left alone (not returned). Returns each placed
-- id with the reason it had waited for.
WITH waiting AS (
    SELECT id, unplaced_reason FROM incident
    WHERE id = ANY(%(ids)s::bigint[]) AND placement_method IS NULL
    FOR UPDATE
)
UPDATE incident i
   SET generation_id = %(generation)s, district_code = %(district_code)s, street_code = %(street_code)s,
       community_code = %(community_code)s, grid_code = %(grid_code)s, microgrid_code = %(microgrid_code)s,
       placement_method = 'manual', placement_level = %(level)s, placement_confidence = 1,
       placement_distance_m = NULL, unplaced_reason = NULL, placement_candidates = NULL,
       geom = coalesce(ST_GeomFromText(%(point)s, 4490), i.geom, ST_GeomFromText(%(anchor)s, 4490)),
       updated_at = now(), placed_by = gridgov_operator()
  FROM waiting w
 WHERE i.id = w.id
RETURNING i.id, w.unplaced_reason
