-- A new account, or the same username's account replaced (the demo re-creates its accounts); returns
-- its id and whether it is new (xmax is 0 for a row this statement inserted).
INSERT INTO account (username, password_hash, role, scope_code, person_id)
VALUES (%(username)s, %(password_hash)s, %(role)s, %(scope_code)s, %(person_id)s)
ON CONFLICT (username) DO UPDATE
SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role, scope_code = EXCLUDED.scope_code,
    person_id = EXCLUDED.person_id
RETURNING id, (xmax = 0) AS inserted;
