-- One step of a matter: who, when, the day it counts on, its deadline, whether late, details (no numbers).
INSERT INTO petition_event (incident_id, version, action, from_stage, to_stage, by_person_id, at, on_date, due,
                            late, note, details)
VALUES (%(incident_id)s, %(version)s, %(action)s, %(from_stage)s, %(to_stage)s, %(by_person_id)s, %(at)s,
        %(on_date)s, %(due)s, %(late)s, %(note)s, %(details)s)
