-- Place one incident by hand: the cell and its chain, the generation, method 'manual'. The incident's
-- point stays where its coordinates put it; an incident without one gets a point inside the cell.
-- placed_by: the session's operator (gis/sql/schema/013_audit.sql). Returns the reason it had been
-- unplaced (NULL for one placed before: `gridgov incidents place` may correct a placement too).
WITH before AS (SELECT id, unplaced_reason FROM incident WHERE id = %(id)s FOR UPDATE)
UPDATE incident i
   SET generation_id = %(generation)s, district_code = %(district_code)s, street_code = %(street_code)s,
       community_code = %(community_code)s, grid_code = %(grid_code)s, microgrid_code = %(microgrid_code)s,
       placement_method = 'manual', placement_level = %(level)s, placement_confidence = 1,
       placement_distance_m = NULL, unplaced_reason = NULL, placement_candidates = NULL,
       geom = coalesce(i.geom, ST_GeomFromText(%(anchor)s, 4490)), updated_at = now(),
       placed_by = gridgov_operator()
  FROM before b
 WHERE i.id = b.id
RETURNING b.unplaced_reason
