-- The agreement (调解协议) of a successful mediation.
INSERT INTO dispute_agreement (incident_id, signed_at, terms, amount, deadline, judicial_confirmation)
VALUES (%(incident_id)s, %(signed_at)s, %(terms)s, %(amount)s, %(deadline)s, %(judicial_confirmation)s)
RETURNING id
