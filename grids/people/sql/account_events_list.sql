-- The account log, newest first: since %(since)s, of %(username)s when given, at most %(limit)s lines.
SELECT id, at, event, username, account_id, address, detail, operator
FROM account_event
WHERE at >= %(since)s::timestamptz AND (%(username)s::text IS NULL OR username = %(username)s::text)
ORDER BY at DESC, id DESC
LIMIT %(limit)s
