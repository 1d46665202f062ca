-- End one session (signing out, or signing in again over it); %(why)s is account_session.ended_why.
UPDATE account_session SET ended_at = now(), ended_why = %(why)s
WHERE token_sha256 = %(token_sha256)s AND ended_at IS NULL;
