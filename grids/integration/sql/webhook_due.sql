-- Pushes due now, oldest first, locked for this sender (another sender skips them), with what the
-- payload says: the change, the ticket, the handler (a department's name only) and the result text.
SELECT o.id, o.attempts, k.id AS key_id, k.name AS key_name, k.webhook_url, k.webhook_secret,
       e.id AS event_id, e.incident_id, e.version, e.action, e.from_state, e.to_state, e.at, e.note,
       e.details ->> 'handler_level' AS handler_level, e.details ->> 'handler_cell_code' AS handler_cell_code,
       CASE WHEN p.role = 'department' THEN p.name END AS department,
       i.channel, i.source_ref
FROM api_webhook_outbox o
JOIN api_key k ON k.id = o.key_id
JOIN case_event e ON e.id = o.case_event_id
JOIN incident i ON i.id = e.incident_id
LEFT JOIN person p ON p.id = (e.details ->> 'handler_person_id')::bigint
WHERE o.delivered_at IS NULL AND o.gave_up_at IS NULL AND o.next_attempt_at <= %(now)s
  AND k.webhook_url IS NOT NULL AND k.revoked_at IS NULL
ORDER BY o.id
LIMIT %(limit)s
FOR UPDATE OF o SKIP LOCKED
