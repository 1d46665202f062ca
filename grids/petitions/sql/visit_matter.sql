-- The most recent matter registered on or before %(visited_on)s with a petitioner of ID hash %(id_hash)s,
-- else of phone hash %(phone_hash)s.
SELECT m.incident_id
FROM petition_matter m JOIN petitioner p ON p.incident_id = m.incident_id
WHERE m.registered_on <= %(visited_on)s
  AND (p.id_hash = %(id_hash)s OR p.phone_hash = %(phone_hash)s)
ORDER BY (p.id_hash IS NOT DISTINCT FROM %(id_hash)s) DESC, m.registered_on DESC, m.incident_id DESC
LIMIT 1
