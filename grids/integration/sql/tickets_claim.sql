-- Record the key of the batch's tickets no key held yet; return every ticket's id by its ref.
WITH batch AS (
    SELECT id, source_ref FROM incident WHERE channel = %(channel)s AND source_ref = ANY(%(refs)s)
), claimed AS (
    INSERT INTO api_ticket (incident_id, key_id, via)
    SELECT id, %(key_id)s, %(via)s FROM batch
    ON CONFLICT (incident_id) DO NOTHING
)
SELECT source_ref, id FROM batch
