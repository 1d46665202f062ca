-- Staged incidents in: new (channel, source_ref) pairs are added; a pair whose source row changed
-- (content_hash) and whose content differs is updated, keeping its case status and any placement made
-- by hand; anything else changes nothing. Masked personal data (our own exports: 张**, 137****5678)
-- never overwrites the stored values, and attributes are merged (an export carries none, so its
-- re-import keeps them). The ticket's own time limit (办理时限) follows the file: it is read at the
-- next clock start. An update is a change of the case's facts: it bumps the case's version and
-- writes a 'facts_changed' event naming the fields that changed, by the session's operator (a clerk's
-- re-import must not rewrite a case in progress unseen). Returns one row per added or updated incident.
WITH before AS (
    SELECT i.id, i.reported_at, i.category_text, i.title, i.description, i.reporter_name, i.reporter_phone,
           i.address, i.source_x, i.source_y, i.own_limit_hours, i.own_limit_workdays, i.own_deadline
    FROM incident i
    JOIN incident_stage s ON s.channel = i.channel AND s.source_ref = i.source_ref
), written AS (
    INSERT INTO incident AS i (
        channel, source_ref, reported_at, category_code, category_text, title, description, reporter_name,
        reporter_phone, address, source_x, source_y, source_crs, geom, generation_id, district_code,
        street_code, community_code, grid_code, microgrid_code, placement_method, placement_level,
        placement_confidence, placement_distance_m, unplaced_reason, placement_candidates, own_limit_hours,
        own_limit_workdays, own_deadline, attributes, content_hash)
    SELECT channel, source_ref, reported_at, category_code, category_text, title, description, reporter_name,
           reporter_phone, address, source_x, source_y, source_crs, geom, generation_id, district_code,
           street_code, community_code, grid_code, microgrid_code, placement_method, placement_level,
           placement_confidence, placement_distance_m, unplaced_reason, placement_candidates, own_limit_hours,
           own_limit_workdays, own_deadline, attributes, content_hash
    FROM incident_stage
    ON CONFLICT (channel, source_ref) DO UPDATE SET
        reported_at = EXCLUDED.reported_at, category_code = EXCLUDED.category_code,
        category_text = EXCLUDED.category_text, title = EXCLUDED.title, description = EXCLUDED.description,
        reporter_name = CASE WHEN EXCLUDED.reporter_name LIKE '%%*%%' THEN i.reporter_name ELSE EXCLUDED.reporter_name END,
        reporter_phone = CASE WHEN EXCLUDED.reporter_phone LIKE '%%*%%' THEN i.reporter_phone ELSE EXCLUDED.reporter_phone END,
        address = EXCLUDED.address, source_x = EXCLUDED.source_x, source_y = EXCLUDED.source_y,
        source_crs = EXCLUDED.source_crs, own_limit_hours = EXCLUDED.own_limit_hours,
        own_limit_workdays = EXCLUDED.own_limit_workdays, own_deadline = EXCLUDED.own_deadline, attributes = i.attributes || EXCLUDED.attributes,
        content_hash = EXCLUDED.content_hash, updated_at = now(), case_version = i.case_version + 1,
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
            i.source_crs, i.own_limit_hours, i.own_limit_workdays, i.own_deadline)
           IS DISTINCT FROM
           (EXCLUDED.reported_at, EXCLUDED.category_text, EXCLUDED.title, EXCLUDED.description, EXCLUDED.address,
            EXCLUDED.source_x, EXCLUDED.source_y, EXCLUDED.source_crs, EXCLUDED.own_limit_hours,
            EXCLUDED.own_limit_workdays, EXCLUDED.own_deadline)
           OR NOT i.attributes @> EXCLUDED.attributes)
       OR i.content_hash <> EXCLUDED.content_hash
      AND (EXCLUDED.reporter_name NOT LIKE '%%*%%' AND i.reporter_name IS DISTINCT FROM EXCLUDED.reporter_name
           OR EXCLUDED.reporter_phone NOT LIKE '%%*%%' AND i.reporter_phone IS DISTINCT FROM EXCLUDED.reporter_phone)
    RETURNING i.id, i.source_ref, (xmax = 0) AS added, i.case_version, i.status, i.reported_at, i.category_text,
              i.title, i.description, i.reporter_name, i.reporter_phone, i.address, i.source_x, i.source_y,
              i.own_limit_hours, i.own_limit_workdays, i.own_deadline
), facts_changed AS (
    INSERT INTO case_event (incident_id, version, action, from_state, to_state, at, details)
    SELECT w.id, w.case_version, 'facts_changed', w.status, w.status, now(),
           jsonb_build_object('source', 'import', 'fields', (
               SELECT coalesce(jsonb_agg(name), '[]') FROM (VALUES
                   ('reported_at', w.reported_at IS DISTINCT FROM b.reported_at),
                   ('category_text', w.category_text IS DISTINCT FROM b.category_text),
                   ('title', w.title IS DISTINCT FROM b.title),
                   ('description', w.description IS DISTINCT FROM b.description),
                   ('reporter_name', w.reporter_name IS DISTINCT FROM b.reporter_name),
                   ('reporter_phone', w.reporter_phone IS DISTINCT FROM b.reporter_phone),
                   ('address', w.address IS DISTINCT FROM b.address),
                   ('coordinates', (w.source_x, w.source_y) IS DISTINCT FROM (b.source_x, b.source_y)),
                   ('time_limit', (w.own_limit_hours, w.own_limit_workdays, w.own_deadline)
                                  IS DISTINCT FROM (b.own_limit_hours, b.own_limit_workdays, b.own_deadline))
               ) AS field (name, changed) WHERE changed))
    FROM written w
    JOIN before b ON b.id = w.id
    WHERE NOT w.added
)
SELECT source_ref, added FROM written
