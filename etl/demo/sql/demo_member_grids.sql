-- The basic grids of the first street (by code) that the demo member's grid is chosen from, with the
-- clocks of their open cases (states %(states)s): one row per open case, one row of NULLs for a grid
-- without any; by grid code, then case id. The street's open cases are found once (MATERIALIZED):
-- right after the demo's bulk UPDATE, before autovacuum, the partial index of open cases still holds an
-- entry for every incident, and probing it once per grid took 250–310 ms against 35–45 ms.
WITH street AS (
    SELECT code FROM cell WHERE level = 'street' AND generation_high IS NULL ORDER BY code LIMIT 1
), open AS MATERIALIZED (
    SELECT i.grid_code, i.id, i.time_limit_hours, i.deadline, i.clock_paused_at
    FROM incident i JOIN street s ON i.street_code = s.code
    WHERE i.status = ANY(%(states)s)
)
SELECT g.code, o.id, o.time_limit_hours, o.deadline, o.clock_paused_at
FROM street s
JOIN cell m ON m.parent_code = s.code AND m.level = 'community' AND m.generation_high IS NULL
JOIN cell g ON g.parent_code = m.code AND g.level = 'grid' AND g.kind = 'basic' AND g.generation_high IS NULL
LEFT JOIN open o ON o.grid_code = g.code
ORDER BY g.code, o.id
