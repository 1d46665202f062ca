-- A mediator by code or id.
SELECT id, code, name, org_id, person_id, specialties, active FROM mediator
WHERE code = %(ref)s OR id = %(id)s
ORDER BY (code = %(ref)s) DESC LIMIT 1
