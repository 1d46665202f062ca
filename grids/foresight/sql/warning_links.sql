-- The warnings (id, status) holding any of the tickets %(ids)s.
SELECT t.incident_id, w.id, w.status
FROM early_warning_ticket t
JOIN early_warning w ON w.id = t.warning_id
WHERE t.incident_id = ANY (%(ids)s)
