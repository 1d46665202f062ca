-- A push that failed: tried again at next_attempt_at, or given up after the last attempt.
UPDATE api_webhook_outbox SET attempts = attempts + 1, last_attempt_at = %(now)s, last_error = %(error)s,
       next_attempt_at = %(next_attempt_at)s, gave_up_at = CASE WHEN %(give_up)s THEN %(now)s END
WHERE id = %(id)s
