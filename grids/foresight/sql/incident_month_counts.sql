-- Incidents per grid, community, street, category and month (Asia/Shanghai) reported in
-- [%(since)s, %(until)s): what the seasonal profiles are learnt from.
SELECT street_code, community_code, grid_code, category_code,
       extract(month FROM reported_at AT TIME ZONE 'Asia/Shanghai')::int AS month, count(*) AS incidents
FROM incident
WHERE reported_at >= %(since)s AND reported_at < %(until)s AND category_code IS NOT NULL
  AND street_code IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
