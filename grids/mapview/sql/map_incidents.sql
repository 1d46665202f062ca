-- Incidents for the map: the filtered ones that have a location, newest first, at most %(limit)s
-- (the caller asks one more to know whether the limit cut). No reporter name or phone: never needed on a map.
-- Coordinates: the stored CGCS2000 ones taken as EPSG:4326 (see map_cells.sql).
SELECT i.id, i.channel, i.source_ref, i.reported_at, i.category_code, c.name AS category_name,
       c.name_en AS category_name_en, i.title, i.description, i.status, i.grid_code,
       i.time_limit_hours, i.limit_workdays, i.deadline, i.clock_paused_at, i.supervised_at IS NOT NULL AS supervised,
       i.urge_count, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
FROM incident i
LEFT JOIN category c ON c.code = i.category_code
WHERE i.geom IS NOT NULL AND {filters}
ORDER BY i.reported_at DESC, i.id DESC
LIMIT %(limit)s;
