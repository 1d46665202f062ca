-- A dispute's events, oldest first, with the name of whom each names.
SELECT e.version, e.action, e.from_stage, e.to_stage, e.at, e.note, e.details, e.operator,
       e.by_person_id, p.name AS by_name, p.code AS by_code
FROM dispute_event e
LEFT JOIN person p ON p.id = e.by_person_id
WHERE e.incident_id = %(id)s
ORDER BY e.version
