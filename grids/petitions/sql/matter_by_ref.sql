-- The petition matter of the case with ticket %(ref)s (a petition case first).
SELECT m.incident_id FROM petition_matter m JOIN incident i ON i.id = m.incident_id
WHERE i.source_ref = %(ref)s ORDER BY (i.channel = 'petition') DESC, i.id LIMIT 1
