-- Per grid member: their grids in %(generation)s with households and population, their open cases
-- weighted by severity × lateness at %(now)s, overdue count, and the incidents reported in their grids
-- per calendar month (Asia/Shanghai) from %(months_from)s on, patrol reports among them.
-- Weights (grids/load.py, docs/kpis.md): severity %(urgent_weight)s for a limit of at most
-- %(urgent_hours)s h, else 1, plus 1 under supervision (督办); lateness by the timer at now: green 1,
-- yellow %(yellow_weight)s, red %(red_weight)s; a case reported back (handled) waits for verification:
-- %(handled_weight)s. Open cases are found through the partial index incident_handler_open.
WITH members AS (
    SELECT id, code, name FROM person WHERE role = 'grid_member'
),
member_grids AS (
    SELECT pc.person_id, c.code, c.households, c.population
    FROM person_cell pc
    JOIN cell c ON c.code = pc.cell_code AND c.level = 'grid'
               AND in_generation(c.generation_low, c.generation_high, %(generation)s)
    WHERE pc.person_id IN (SELECT id FROM members)
),
open_cases AS (
    SELECT handler_person_id AS person_id,
           (CASE WHEN time_limit_hours <= %(urgent_hours)s THEN %(urgent_weight)s ELSE 1 END
            + CASE WHEN supervised_at IS NOT NULL THEN 1 ELSE 0 END)
           * CASE WHEN status = 'handled' THEN %(handled_weight)s
                  WHEN deadline IS NULL THEN 1
                  WHEN deadline < coalesce(clock_paused_at, %(now)s) THEN %(red_weight)s
                  WHEN time_limit_hours * 3600 - extract(epoch FROM deadline - coalesce(clock_paused_at, %(now)s))
                       >= %(yellow_from)s * time_limit_hours * 3600 THEN %(yellow_weight)s
                  ELSE 1 END AS weight,
           status <> 'handled' AND deadline < coalesce(clock_paused_at, %(now)s) AS overdue
    FROM incident
    WHERE handler_person_id IN (SELECT id FROM members)
      AND status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')
),
-- Counted per grid first, in one pass over the window, then given to the grids' members: joined the
-- other way round, the planner (expecting a few dozen member grids) probed the grid index once per
-- grid and read the incident table page by page (3.3 s on a million incidents, 1.2 s this way).
grid_months AS (
    SELECT grid_code, date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
           count(*) AS cases, count(*) FILTER (WHERE channel = 'patrol') AS patrols
    FROM incident
    WHERE reported_at >= %(months_from)s AND reported_at < %(now)s
      AND status NOT IN ('rejected', 'void') AND grid_code IS NOT NULL
    GROUP BY 1, 2
),
monthly AS (
    SELECT mg.person_id, gm.month, sum(gm.cases) AS cases, sum(gm.patrols) AS patrols
    FROM member_grids mg
    JOIN grid_months gm ON gm.grid_code = mg.code
    GROUP BY 1, 2
),
grids_by_member AS (
    SELECT person_id, array_agg(code ORDER BY code) AS grids, sum(households) AS households,
           sum(population) AS population
    FROM member_grids GROUP BY person_id
),
open_by_member AS (
    SELECT person_id, count(*) AS open_cases, sum(weight) AS open_weighted, count(*) FILTER (WHERE overdue) AS overdue
    FROM open_cases GROUP BY person_id
),
months_by_member AS (
    SELECT person_id, jsonb_object_agg(month, cases) AS cases_by_month, sum(patrols) AS patrol_reports
    FROM monthly GROUP BY person_id
)
SELECT m.id, m.code, m.name, coalesce(g.grids, '{}') AS grids, g.households, g.population,
       coalesce(o.open_cases, 0) AS open_cases, coalesce(o.open_weighted, 0) AS open_weighted,
       coalesce(o.overdue, 0) AS overdue, coalesce(mm.cases_by_month, '{}') AS cases_by_month,
       coalesce(mm.patrol_reports, 0) AS patrol_reports
FROM members m
LEFT JOIN grids_by_member g ON g.person_id = m.id
LEFT JOIN open_by_member o ON o.person_id = m.id
LEFT JOIN months_by_member mm ON mm.person_id = m.id
ORDER BY m.id
