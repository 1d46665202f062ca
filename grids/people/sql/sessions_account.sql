-- The account of a session that is not ended, of an account that is not disabled, with how long ago the
-- session began (age) and was last used (idle); no row for an unknown, ended or disabled one.
SELECT a.id, a.username, a.role, a.scope_code, a.person_id, p.name AS person_name,
       now() - s.created_at AS age, now() - s.last_seen_at AS idle
FROM account_session s
JOIN account a ON a.id = s.account_id AND a.disabled_at IS NULL
LEFT JOIN person p ON p.id = a.person_id
WHERE s.token_sha256 = %(token_sha256)s AND s.ended_at IS NULL;
