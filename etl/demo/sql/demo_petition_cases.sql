-- The demo's petition-channel cases of the year (placed at least in a community), oldest first: what the
-- petition office's register is built from (etl/demo/petitions.py).
SELECT i.id, i.reported_at, i.category_code, i.address, i.district_code, i.street_code, i.community_code,
       i.reporter_name, i.reporter_phone, i.attributes ->> '信访形式' AS form, i.status, i.closed_at
FROM incident i
WHERE i.channel = 'petition' AND i.community_code IS NOT NULL
  AND i.reported_at >= %(since)s AND i.reported_at < %(until)s
ORDER BY i.reported_at, i.id
