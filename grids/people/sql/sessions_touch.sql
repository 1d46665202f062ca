-- Mark a session used now, at most once a minute; a request of the same session that holds the row
-- (its transaction not yet ended) is skipped, not waited for: parallel requests of one page never queue.
UPDATE account_session SET last_seen_at = now()
WHERE token_sha256 = (SELECT token_sha256 FROM account_session
                      WHERE token_sha256 = %(token_sha256)s AND last_seen_at < now() - interval '1 minute'
                      FOR UPDATE SKIP LOCKED);
