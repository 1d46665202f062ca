-- Append one event to a case's history.
INSERT INTO case_event (incident_id, version, action, from_state, to_state, by_person_id, at, note, details)
VALUES (%(incident_id)s, %(version)s, %(action)s, %(from_state)s, %(to_state)s, %(by_person_id)s, %(at)s,
        %(note)s, %(details)s)
RETURNING id
