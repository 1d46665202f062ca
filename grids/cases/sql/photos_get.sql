-- One photo with its bytes, the cells and the handler of its case (the caller decides who may see it by them).
SELECT p.id, p.incident_id, p.content_type, p.size_bytes, p.sha256, p.data, p.uploaded_at,
       i.district_code, i.street_code, i.community_code, i.grid_code, i.microgrid_code, i.handler_person_id
FROM case_photo p
JOIN incident i ON i.id = p.incident_id
WHERE p.id = %(id)s
