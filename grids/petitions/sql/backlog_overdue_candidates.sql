-- Open petition matters reported at or before %(cutoff)s (open past the threshold) that are not on the
-- register, under cell %(within)s (NULL: anywhere), oldest first.
SELECT i.id AS incident_id, i.reported_at, i.status, i.street_code, i.district_code
FROM incident i
WHERE i.channel = 'petition' AND i.status = ANY (%(open_states)s) AND i.reported_at <= %(cutoff)s
  AND NOT EXISTS (SELECT 1 FROM backlog_matter b WHERE b.incident_id = i.id AND b.status = 'open')
  AND (%(within)s::text IS NULL OR i.district_code LIKE %(within)s || '%%' OR i.street_code LIKE %(within)s || '%%'
       OR i.community_code LIKE %(within)s || '%%')
ORDER BY i.reported_at, i.id
LIMIT %(limit)s
