-- Decide warning %(id)s (open → confirmed or dismissed) by %(by)s at %(at)s, if it is still open.
UPDATE early_warning
SET status = %(status)s, decided_by = %(by)s, decided_at = %(at)s, reason = %(reason)s,
    version = version + 1, updated_at = %(at)s
WHERE id = %(id)s AND status = 'open'
RETURNING id
