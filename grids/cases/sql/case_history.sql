-- A case's history, oldest first, with who acted (NULL: the system).
SELECT e.version, e.action, e.from_state, e.to_state, e.at, e.recorded_at, e.note, e.details,
       e.by_person_id, p.code AS by_code, p.name AS by_name, p.role AS by_role
FROM case_event e
LEFT JOIN person p ON p.id = e.by_person_id
WHERE e.incident_id = %(id)s
ORDER BY e.version
