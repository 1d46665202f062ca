-- The linked tickets of warning %(id)s, oldest first: id, channel, when, category, title (the caller
-- masks phone numbers in it), grid, status. No reporter's name or phone.
SELECT i.id, i.channel, i.source_ref, i.reported_at, i.category_code, i.title, i.grid_code, i.status
FROM early_warning_ticket t
JOIN incident i ON i.id = t.incident_id
WHERE t.warning_id = %(id)s
ORDER BY i.reported_at, i.id
