-- One person's notifications, newest first (optionally only the unread ones).
SELECT id, kind, message, details, created_at, read_at
FROM notification
WHERE person_id = %(person)s AND (NOT %(unread_only)s OR read_at IS NULL)
ORDER BY id DESC
LIMIT %(limit)s
