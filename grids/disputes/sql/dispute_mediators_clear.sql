-- The mediators of dispute %(id)s are replaced by a new triage.
DELETE FROM dispute_mediator WHERE incident_id = %(id)s
