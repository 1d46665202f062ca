-- The stored content hash of each of a batch's tickets (channel, source_ref) the store already holds.
SELECT i.channel, i.source_ref, i.content_hash
FROM unnest(%(channels)s::text[], %(refs)s::text[]) AS k (channel, source_ref)
JOIN incident i USING (channel, source_ref)
