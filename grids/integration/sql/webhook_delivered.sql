-- A push the receiver took (2xx).
UPDATE api_webhook_outbox SET delivered_at = %(now)s, last_attempt_at = %(now)s, attempts = attempts + 1,
       last_error = NULL
WHERE id = %(id)s
