-- Incidents per channel, category and calendar month (Asia/Shanghai) reported in [%(since)s, %(until)s)
-- inside the report's cell (%(cell)s: a cell code; an incident is inside when its finest placed code starts
-- with it, as codes nest; NULL: everywhere): the volumes and trends of the 社情民意 report. %(home)s: the
-- store's only district when the report is about it (an unplaced incident counts there, as the district's
-- KPIs count it: grids/cases/kpi.py), else NULL.
SELECT channel, category_code,
       date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
       count(*) AS incidents
FROM incident
WHERE reported_at >= %(since)s::timestamptz
  AND reported_at < %(until)s::timestamptz
  AND (%(cell)s::text IS NULL
       OR coalesce(microgrid_code, grid_code, community_code, street_code, district_code, %(home)s::text) ^@ %(cell)s::text)
GROUP BY 1, 2, 3;
