-- One action of the proxy work (agents, assignments, calls): subject, subject_id, action, by_person_id, at, note, details.
INSERT INTO petition_work_event (subject, subject_id, action, incident_id, by_person_id, at, note, details)
VALUES (%(subject)s, %(subject_id)s, %(action)s, %(incident_id)s, %(by_person_id)s, %(at)s, %(note)s, %(details)s)
