-- 吹哨: one call of a department to a case, to report in by %(due)s.
INSERT INTO case_whistle (incident_id, department_person_id, whistled_by, whistled_at, due_at)
VALUES (%(incident_id)s, %(department)s, %(by)s, %(at)s, %(due)s)
