-- The case a dispute is recorded on, and whether it has one already.
SELECT i.id, i.reported_at, i.channel, i.grid_code, i.street_code, i.district_code,
       EXISTS (SELECT 1 FROM dispute d WHERE d.incident_id = i.id) AS has_dispute
FROM incident i
WHERE i.id = %(id)s
