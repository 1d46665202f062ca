-- Names of the people whose ids are %(ids)s (co-handlers, departments of a meeting).
SELECT id, code, name, role FROM person WHERE id = ANY(%(ids)s::bigint[]) ORDER BY id
