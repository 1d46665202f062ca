-- Every account: role, scope (code and the newest name of that cell), person, disabled, the last
-- successful sign-in and the failures since it (from the account log).
SELECT a.id, a.username, a.role, a.scope_code,
       (SELECT c.name FROM cell c WHERE c.code = a.scope_code ORDER BY c.generation_low DESC LIMIT 1) AS scope_name,
       a.person_id, p.name AS person_name, p.code AS person_code, a.created_at, a.disabled_at,
       a.password_changed_at,
       (SELECT max(e.at) FROM account_event e WHERE e.username = a.username AND e.event = 'sign_in') AS last_sign_in
FROM account a
LEFT JOIN person p ON p.id = a.person_id
ORDER BY a.username
