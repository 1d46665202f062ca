-- 报到: the department %(department)s answers its open calls on case %(incident_id)s; their ids.
UPDATE case_whistle SET answered_at = %(at)s, answered_by = %(department)s, answer_note = %(note)s
WHERE incident_id = %(incident_id)s AND department_person_id = %(department)s AND answered_at IS NULL
RETURNING id
