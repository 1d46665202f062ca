-- Per grid member: their grids in %(generation)s with households and population, their open cases
-- weighted by severity × lateness at %(now)s (the expression of open_weight.sql, put in place by
-- grids.cases.workload.weighted_query), overdue count, and the incidents reported in their grids per calendar
-- month (Asia/Shanghai) from %(since)s on, patrol reports among them. Open cases are found
-- through the partial index incident_handler_open. A template: no brace but the placeholders'.
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
    SELECT i.handler_person_id AS person_id, {open_weight} AS weight,
           i.status <> 'handled' AND i.deadline < coalesce(i.clock_paused_at, %(now)s) AS overdue
    FROM incident i
    WHERE i.handler_person_id IN (SELECT id FROM members)
      AND i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')
),
-- Counted per grid first, then given to the grids' members: the roll-up's grid totals of the whole months
-- and the incidents of the current one ({facts}: grids/incidents/sql/rollup_facts.sql over [%(since)s,
-- %(until)s), the twelve months to now), `valid` being neither rejected nor void and `patrols` those
-- reported on patrol. Counted from the incidents, the twelve months of a 10M-incident city took 8-13 s.
grid_months AS (
    SELECT grid_code, month, sum(valid) AS cases, sum(patrols) AS patrols
    FROM ({facts}) f
    WHERE grid_code IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(valid) <> 0
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
SELECT m.id, m.code, m.name, coalesce(g.grids, ARRAY[]::text[]) AS grids, g.households, g.population,
       coalesce(o.open_cases, 0) AS open_cases, coalesce(o.open_weighted, 0) AS open_weighted,
       coalesce(o.overdue, 0) AS overdue, coalesce(mm.cases_by_month, jsonb_build_object()) AS cases_by_month,
       coalesce(mm.patrol_reports, 0) AS patrol_reports
FROM members m
LEFT JOIN grids_by_member g ON g.person_id = m.id
LEFT JOIN open_by_member o ON o.person_id = m.id
LEFT JOIN months_by_member mm ON mm.person_id = m.id
ORDER BY m.id
