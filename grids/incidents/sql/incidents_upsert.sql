-- Staged incidents in: new (channel, source_ref) pairs are added; a pair whose source row changed
-- (content_hash) and whose content differs is updated, keeping its case status and any placement made
-- by hand; anything else changes nothing. Masked personal data (our own exports: 张**, 137****5678)
-- never overwrites the stored values, and attributes are merged (an export carries none, so its
-- re-import keeps them). Returns one row per added or updated incident.
INSERT INTO incident AS i (
    channel, source_ref, reported_at, category_code, category_text, title, description, reporter_name,
    reporter_phone, address, source_x, source_y, source_crs, geom, generation_id, district_code,
    street_code, community_code, grid_code, microgrid_code, placement_method, placement_level,
    placement_confidence, placement_distance_m, unplaced_reason, placement_candidates, attributes,
    content_hash)
SELECT channel, source_ref, reported_at, category_code, category_text, title, description, reporter_name,
       reporter_phone, address, source_x, source_y, source_crs, geom, generation_id, district_code,
       street_code, community_code, grid_code, microgrid_code, placement_method, placement_level,
       placement_confidence, placement_distance_m, unplaced_reason, placement_candidates, attributes,
       content_hash
FROM incident_stage
ON CONFLICT (channel, source_ref) DO UPDATE SET
    reported_at = EXCLUDED.reported_at, category_code = EXCLUDED.category_code,
    category_text = EXCLUDED.category_text, title = EXCLUDED.title, description = EXCLUDED.description,
    reporter_name = CASE WHEN EXCLUDED.reporter_name LIKE '%%*%%' THEN i.reporter_name ELSE EXCLUDED.reporter_name END,
    reporter_phone = CASE WHEN EXCLUDED.reporter_phone LIKE '%%*%%' THEN i.reporter_phone ELSE EXCLUDED.reporter_phone END,
    address = EXCLUDED.address, source_x = EXCLUDED.source_x, source_y = EXCLUDED.source_y,
    source_crs = EXCLUDED.source_crs, attributes = i.attributes || EXCLUDED.attributes,
    content_hash = EXCLUDED.content_hash, updated_at = now(),
    geom = CASE WHEN i.placement_method = 'manual' THEN i.geom ELSE EXCLUDED.geom END,
    generation_id = CASE WHEN i.placement_method = 'manual' THEN i.generation_id ELSE EXCLUDED.generation_id END,
    district_code = CASE WHEN i.placement_method = 'manual' THEN i.district_code ELSE EXCLUDED.district_code END,
    street_code = CASE WHEN i.placement_method = 'manual' THEN i.street_code ELSE EXCLUDED.street_code END,
    community_code = CASE WHEN i.placement_method = 'manual' THEN i.community_code ELSE EXCLUDED.community_code END,
    grid_code = CASE WHEN i.placement_method = 'manual' THEN i.grid_code ELSE EXCLUDED.grid_code END,
    microgrid_code = CASE WHEN i.placement_method = 'manual' THEN i.microgrid_code ELSE EXCLUDED.microgrid_code END,
    placement_level = CASE WHEN i.placement_method = 'manual' THEN i.placement_level ELSE EXCLUDED.placement_level END,
    placement_confidence = CASE WHEN i.placement_method = 'manual' THEN i.placement_confidence
                                ELSE EXCLUDED.placement_confidence END,
    placement_distance_m = CASE WHEN i.placement_method = 'manual' THEN i.placement_distance_m
                                ELSE EXCLUDED.placement_distance_m END,
    unplaced_reason = CASE WHEN i.placement_method = 'manual' THEN i.unplaced_reason ELSE EXCLUDED.unplaced_reason END,
    placement_candidates = CASE WHEN i.placement_method = 'manual' THEN i.placement_candidates
                                ELSE EXCLUDED.placement_candidates END,
    placement_method = CASE WHEN i.placement_method = 'manual' THEN i.placement_method ELSE EXCLUDED.placement_method END
WHERE i.content_hash <> EXCLUDED.content_hash
  AND ((i.reported_at, i.category_text, i.title, i.description, i.address, i.source_x, i.source_y,
        i.source_crs)
       IS DISTINCT FROM
       (EXCLUDED.reported_at, EXCLUDED.category_text, EXCLUDED.title, EXCLUDED.description, EXCLUDED.address,
        EXCLUDED.source_x, EXCLUDED.source_y, EXCLUDED.source_crs)
       OR NOT i.attributes @> EXCLUDED.attributes)
   OR i.content_hash <> EXCLUDED.content_hash
  AND (EXCLUDED.reporter_name NOT LIKE '%%*%%' AND i.reporter_name IS DISTINCT FROM EXCLUDED.reporter_name
       OR EXCLUDED.reporter_phone NOT LIKE '%%*%%' AND i.reporter_phone IS DISTINCT FROM EXCLUDED.reporter_phone)
RETURNING i.source_ref, (xmax = 0) AS added
