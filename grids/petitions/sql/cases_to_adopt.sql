-- Petition cases without a matter (of %(ids)s when given), oldest first, with their attributes and the day
-- they were reported (Asia/Shanghai).
SELECT i.id, i.source_ref, i.reporter_name, i.reporter_phone, i.attributes,
       (i.reported_at AT TIME ZONE 'Asia/Shanghai')::date AS reported_on
FROM incident i
WHERE i.channel = 'petition'
  AND NOT EXISTS (SELECT 1 FROM petition_matter m WHERE m.incident_id = i.id)
  AND (%(ids)s::bigint[] IS NULL OR i.id = ANY (%(ids)s::bigint[]))
ORDER BY i.reported_at, i.id
