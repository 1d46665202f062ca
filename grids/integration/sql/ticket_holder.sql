-- The stored ticket (channel, source_ref) and the key that submitted it (NULL: none), if any.
SELECT i.id, t.key_id FROM incident i LEFT JOIN api_ticket t ON t.incident_id = i.id
WHERE i.channel = %(channel)s AND i.source_ref = %(source_ref)s
