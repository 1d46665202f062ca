-- How many closed cases of the area wait for their follow-up call.
SELECT count(*) FROM incident i
WHERE i.status = 'closed'
  AND ARRAY[i.district_code, i.street_code, i.community_code, i.grid_code] && %(scope)s::text[]
