-- The case a matter is registered on, and whether it has one already.
SELECT i.id, i.reported_at, i.channel, i.category_code, i.grid_code,
       EXISTS (SELECT 1 FROM petition_matter m WHERE m.incident_id = i.id) AS has_matter
FROM incident i
WHERE i.id = %(id)s
