-- The planning log, newest first: of generation %(generation)s, or of all when NULL; at most %(limit)s.
SELECT id, generation_id, action, by_account_id, by_username, at, revision, details
FROM planning_log
WHERE %(generation)s::int IS NULL OR generation_id = %(generation)s
ORDER BY id DESC
LIMIT %(limit)s
