-- The demo's incidents as the case walk needs them, in report order (the order the tick sees them);
-- the limit as case_lock.sql reads it (a leaf without one takes its parent's).
SELECT i.id, i.channel, i.reported_at, i.category_code, i.district_code, i.street_code, i.community_code,
       i.grid_code, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       (SELECT coalesce(c.time_limit_hours, p.time_limit_hours) FROM category c
        LEFT JOIN category p ON p.code = c.parent_code WHERE c.code = i.category_code) AS category_limit_hours
FROM incident i
ORDER BY i.reported_at, i.id
