-- One skip-level visit reported back; nothing when the same visit (content_key) is stored already.
INSERT INTO skip_level_visit (visited_on, level, petitioner_name, id_hash, phone_hash, incident_id, origin_cell_code,
                              origin_district_code, origin_street_code, origin_community_code, origin_grid_code,
                              reported_by, reference, source, content_key)
VALUES (%(visited_on)s, %(level)s, %(petitioner_name)s, %(id_hash)s, %(phone_hash)s, %(incident_id)s,
        %(origin_cell_code)s, %(origin_district_code)s, %(origin_street_code)s, %(origin_community_code)s,
        %(origin_grid_code)s, %(reported_by)s, %(reference)s, %(source)s, %(content_key)s)
ON CONFLICT (content_key) DO NOTHING
