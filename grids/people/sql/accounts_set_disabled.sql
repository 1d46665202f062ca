-- Disable an account (%(disabled)s true: from now, unless it already was) or enable it again, by
-- username; returns its id (no row: no such account).
UPDATE account SET disabled_at = CASE WHEN %(disabled)s THEN coalesce(disabled_at, now()) END
WHERE username = %(username)s
RETURNING id;
