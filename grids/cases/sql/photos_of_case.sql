-- The photos of a case, oldest first, without their bytes; who attached each (staff act officially:
-- their names are shown, as in the case history).
SELECT p.id, p.content_type, p.size_bytes, p.case_version, p.uploaded_at, p.uploaded_by, u.name AS uploaded_by_name
FROM case_photo p
LEFT JOIN person u ON u.id = p.uploaded_by
WHERE p.incident_id = %(incident_id)s
ORDER BY p.uploaded_at, p.id
