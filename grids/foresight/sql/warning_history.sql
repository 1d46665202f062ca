-- The history of warning %(id)s, oldest first.
SELECT id, action, from_status, to_status, by_person_id, at, reason, details, operator
FROM early_warning_event
WHERE warning_id = %(id)s
ORDER BY id
