-- Incidents reported in a window, with their placement, for export.
SELECT channel, source_ref, reported_at, category_code, category_text, title, description,
       reporter_name, reporter_phone, address, source_x AS x, source_y AS y, source_crs AS crs,
       ST_X(geom) AS lon, ST_Y(geom) AS lat, district_code, street_code, community_code, grid_code,
       microgrid_code, generation_id AS generation, placement_method, placement_level,
       placement_confidence, placement_distance_m, unplaced_reason, status
FROM incident
WHERE (%(start)s::timestamptz IS NULL OR reported_at >= %(start)s)
  AND (%(end)s::timestamptz IS NULL OR reported_at < %(end)s)
ORDER BY reported_at, channel, source_ref
