-- A new password hash for an account, by username; returns its id (no row: no such account).
UPDATE account SET password_hash = %(password_hash)s, password_changed_at = now()
WHERE username = %(username)s
RETURNING id;
