-- A new petition matter on case %(incident_id)s (version 1: its first event is 'register').
INSERT INTO petition_matter (incident_id, form, registered_on, summary, petitioner_count, handling_body,
                             handling_cell_code, handling_person_id, accept_due, declared_repeat,
                             declared_skip_level, version, changed_at)
VALUES (%(incident_id)s, %(form)s, %(registered_on)s, %(summary)s, %(petitioner_count)s, %(handling_body)s,
        %(handling_cell_code)s, %(handling_person_id)s, %(accept_due)s, %(declared_repeat)s,
        %(declared_skip_level)s, 1, %(at)s)
