-- A person by code (工号), or by id (when the reference is a number) if no code matches.
SELECT id, code, name, phone, role
FROM person
WHERE code = %(ref)s OR id = %(id)s
ORDER BY code = %(ref)s DESC NULLS LAST
LIMIT 1
