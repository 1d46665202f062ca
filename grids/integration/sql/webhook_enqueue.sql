-- Fill the outbox from the case history: one row per status change (a new state, or a dispatch or
-- escalation to another handler) of a ticket of a key with a webhook, from the key's floor on. The
-- unique (key, event) pair makes it once, however often this runs: an event seen again is skipped.
-- Driven from case_event's primary key above the floor (a short range once the floor follows).
INSERT INTO api_webhook_outbox (key_id, case_event_id, next_attempt_at)
SELECT k.id, e.id, %(now)s
FROM api_key k
JOIN case_event e ON e.id > k.webhook_event_floor
JOIN api_ticket t ON t.incident_id = e.incident_id AND t.key_id = k.id
WHERE k.webhook_url IS NOT NULL AND k.revoked_at IS NULL
  AND (e.from_state <> e.to_state OR e.action IN ('dispatch', 'escalate'))
ORDER BY e.id
ON CONFLICT (key_id, case_event_id) DO NOTHING
