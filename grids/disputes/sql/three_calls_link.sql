-- Link 110 call %(call)s to three-calls case %(id)s.
INSERT INTO dispute_call (call_incident_id, incident_id, linked_at) VALUES (%(call)s, %(id)s, %(now)s)
ON CONFLICT (call_incident_id) DO NOTHING
