-- Link the tickets %(ids)s to warning %(id)s (a ticket already linked to a warning stays where it is).
INSERT INTO early_warning_ticket (warning_id, incident_id, linked_at)
SELECT %(id)s, unnest(%(ids)s::bigint[]), %(now)s
ON CONFLICT DO NOTHING
