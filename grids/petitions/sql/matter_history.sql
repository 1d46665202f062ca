-- The events of matter %(id)s, oldest first, with who took each step.
SELECT e.version, e.action, e.from_stage, e.to_stage, e.at, e.on_date, e.due, e.late, e.by_person_id,
       p.code AS by_code, p.name AS by_name, e.note, e.details, e.operator
FROM petition_event e
LEFT JOIN person p ON p.id = e.by_person_id
WHERE e.incident_id = %(id)s
ORDER BY e.version
