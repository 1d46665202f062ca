-- The calls (吹哨) of a case: which department, by whom, due when, answered when.
SELECT w.id, w.department_person_id, d.code AS department_code, d.name AS department_name,
       b.name AS whistled_by_name, w.whistled_at, w.due_at, w.answered_at, w.answer_note
FROM case_whistle w
JOIN person d ON d.id = w.department_person_id
LEFT JOIN person b ON b.id = w.whistled_by
WHERE w.incident_id = %(id)s
ORDER BY w.whistled_at, w.id
