-- The stored tickets among (channel, refs) with the key that submitted each (NULL: none, e.g. a ticket of
-- the file import): a key may submit a ticket again, or claim one no key holds, never another key's.
SELECT i.source_ref, i.id, t.key_id
FROM incident i
LEFT JOIN api_ticket t ON t.incident_id = i.id
WHERE i.channel = %(channel)s AND i.source_ref = ANY(%(refs)s)
