-- Write new placements for the incidents in incident_move (only those that moved).
UPDATE incident i
   SET generation_id = m.generation_id, district_code = m.district_code, street_code = m.street_code,
       community_code = m.community_code, grid_code = m.grid_code, microgrid_code = m.microgrid_code,
       placement_method = m.placement_method, placement_level = m.placement_level,
       placement_confidence = m.placement_confidence, placement_distance_m = m.placement_distance_m,
       unplaced_reason = m.unplaced_reason, placement_candidates = m.placement_candidates,
       geom = coalesce(m.geom, i.geom), updated_at = now()
  FROM incident_move m
 WHERE i.id = m.id
