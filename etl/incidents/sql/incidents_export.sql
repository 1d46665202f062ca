-- Incidents reported in a window, with their placement, for export. time_limit: the ticket's own 办理时限
-- as a text the import reads back (N个工作日, N小时, or the deadline in Asia/Shanghai).
SELECT channel, source_ref, reported_at, category_code, category_text, title, description,
       reporter_name, reporter_phone, address, source_x AS x, source_y AS y, source_crs AS crs,
       ST_X(geom) AS lon, ST_Y(geom) AS lat, district_code, street_code, community_code, grid_code,
       microgrid_code, generation_id AS generation, placement_method, placement_level,
       placement_confidence, placement_distance_m, unplaced_reason, status,
       CASE WHEN own_limit_workdays IS NOT NULL THEN rtrim(to_char(own_limit_workdays, 'FM999990.99'), '.') || '个工作日'
            WHEN own_limit_hours IS NOT NULL THEN rtrim(to_char(own_limit_hours, 'FM999990.99'), '.') || '小时'
            WHEN own_deadline IS NOT NULL THEN to_char(own_deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
       END AS time_limit
FROM incident
WHERE (%(start)s::timestamptz IS NULL OR reported_at >= %(start)s)
  AND (%(end)s::timestamptz IS NULL OR reported_at < %(end)s)
ORDER BY reported_at, channel, source_ref
