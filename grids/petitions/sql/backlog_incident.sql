-- A case as the petition office's work reads it: %(id)s.
SELECT i.id, i.channel, i.status, i.reported_at, i.district_code, i.street_code, i.community_code, i.grid_code
FROM incident i
WHERE i.id = %(id)s
