-- The actions on one subject (%(subject)s, %(subject_id)s), oldest first, with who acted.
SELECT e.id, e.action, e.at, e.incident_id, e.by_person_id, p.code AS by_code, p.name AS by_name, e.note,
       e.details, e.operator, e.recorded_at
FROM petition_work_event e
LEFT JOIN person p ON p.id = e.by_person_id
WHERE e.subject = %(subject)s AND e.subject_id = %(subject_id)s
ORDER BY e.at, e.id
