-- Incidents per grid, community, street, category and day (Asia/Shanghai) reported in
-- [%(since)s, %(until)s): what emerging issues are measured on.
SELECT street_code, community_code, grid_code, category_code,
       (reported_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*) AS incidents
FROM incident
WHERE reported_at >= %(since)s AND reported_at < %(until)s AND category_code IS NOT NULL
  AND street_code IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
