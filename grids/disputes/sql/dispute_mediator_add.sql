-- Send dispute %(id)s to mediator %(mediator)s (the lead when %(lead)s); already there: the lead flag kept or set.
INSERT INTO dispute_mediator (incident_id, mediator_id, lead) VALUES (%(id)s, %(mediator)s, %(lead)s)
ON CONFLICT (incident_id, mediator_id) DO UPDATE SET lead = dispute_mediator.lead OR EXCLUDED.lead
