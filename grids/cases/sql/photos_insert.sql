-- Store one checked photo of a case (grids/cases/photos.py checked type and size; the table checks again).
INSERT INTO case_photo (incident_id, case_version, content_type, size_bytes, sha256, data, uploaded_by, uploaded_at)
VALUES (%(incident_id)s, %(case_version)s, %(content_type)s, %(size_bytes)s, %(sha256)s, %(data)s,
        %(uploaded_by)s, %(uploaded_at)s)
RETURNING id
