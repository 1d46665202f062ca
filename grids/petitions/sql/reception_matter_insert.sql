-- Case %(incident_id)s brought to reception day %(reception_day_id)s (nothing if it was already).
INSERT INTO reception_matter (reception_day_id, incident_id) VALUES (%(reception_day_id)s, %(incident_id)s)
ON CONFLICT DO NOTHING
RETURNING incident_id
