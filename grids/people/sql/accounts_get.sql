-- One account by id or by username, with its person's name (NULL when it has none) and when it was
-- disabled (NULL: it may sign in).
SELECT a.id, a.username, a.password_hash, a.role, a.scope_code, a.person_id, p.name AS person_name,
       a.disabled_at
FROM account a
LEFT JOIN person p ON p.id = a.person_id
WHERE a.id = %(id)s OR a.username = %(username)s;
