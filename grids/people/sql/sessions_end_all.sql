-- End every live session of an account (its password changed, it was disabled or replaced).
UPDATE account_session SET ended_at = now(), ended_why = %(why)s
WHERE account_id = %(account_id)s AND ended_at IS NULL;
