-- The hand-over (诉调对接) of a dispute mediation did not settle.
INSERT INTO dispute_handover (incident_id, handed_at, target, body, reference, reason)
VALUES (%(incident_id)s, %(handed_at)s, %(target)s, %(body)s, %(reference)s, %(reason)s)
RETURNING id
