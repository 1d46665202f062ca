-- Incidents per grid, community, street, category and calendar month (Asia/Shanghai; the month's first
-- day) reported in [%(since)s, %(until)s): what the outlook and its backtest learn from.
SELECT street_code, community_code, grid_code, category_code,
       date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date AS month, count(*) AS incidents
FROM incident
WHERE reported_at >= %(since)s AND reported_at < %(until)s AND category_code IS NOT NULL
  AND street_code IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
