-- The matters brought to reception day %(reception_day_id)s with their case's status and outcome.
SELECT m.incident_id, i.status AS case_status, i.category_code, m.outcome, m.outcome_note
FROM reception_matter m
JOIN incident i ON i.id = m.incident_id
WHERE m.reception_day_id = %(reception_day_id)s
ORDER BY m.incident_id
