-- Raise each webhook key's floor to the newest case event recorded more than an hour ago: every
-- transaction that wrote an event below it has long committed, so the events below are all in the
-- outbox (enqueue ran before this in the same transaction). A case change held uncommitted for over an
-- hour would be missed; gridgov's writers commit within a request or a command.
UPDATE api_key k
SET webhook_event_floor = settled.id
FROM (SELECT max(e.id) AS id FROM case_event e
      WHERE e.id > (SELECT min(webhook_event_floor) FROM api_key WHERE webhook_url IS NOT NULL)
        AND e.recorded_at < now() - interval '1 hour') AS settled
WHERE k.webhook_url IS NOT NULL AND settled.id > k.webhook_event_floor
