-- End one session (signing out, or signing in again over it); %(why)s is account_session.ended_why.
-- Returns the account it was of (nothing when the session was not live).
UPDATE account_session s SET ended_at = now(), ended_why = %(why)s
FROM account a
WHERE s.token_sha256 = %(token_sha256)s AND s.ended_at IS NULL AND a.id = s.account_id
RETURNING a.id, a.username
