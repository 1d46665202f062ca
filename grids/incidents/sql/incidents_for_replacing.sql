-- Incidents to place again after a boundary change: placed automatically (never by hand) and
-- reported since a date, plus every unplaced one.
SELECT id, source_ref, source_x AS x, source_y AS y, source_crs AS crs, address,
       district_code, street_code, community_code, grid_code, microgrid_code, placement_method
FROM incident
WHERE placement_method IS DISTINCT FROM 'manual'
  AND (%(since)s::timestamptz IS NULL OR reported_at >= %(since)s OR placement_method IS NULL)
ORDER BY id
