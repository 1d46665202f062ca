-- One step of a dispute's chain: who (by_person_id; the operator by default), when, from → to, details.
INSERT INTO dispute_event (incident_id, version, action, from_stage, to_stage, by_person_id, at, note, details)
VALUES (%(incident_id)s, %(version)s, %(action)s, %(from_stage)s, %(to_stage)s, %(by_person_id)s, %(at)s,
        %(note)s, %(details)s)
