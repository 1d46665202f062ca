-- The grid of the current generation %(current)s that holds incident %(id)s now: where a case of it is
-- routed at grid level. The incident keeps the cells it was placed in (generation_id); when a later
-- publication removed or redrew its grid, the grid holding it now is, in order:
--   1. its own grid, when that grid's row is the same in the current generation (never redrawn);
--   2. for an incident of a basic grid: the grid of its micro-grid (building or stairwell), the code
--      followed through the code change logs of the generations since (micro-grids map one to one);
--   3. the grid holding its point: a grid of its own grid's kind first, then the lowest code (the edge rule);
--   4. the grid of that kind holding most of its old grid's area (a point outside every grid).
-- NULL: none of them (the incident's grid has no successor at all).
WITH RECURSIVE placed AS (
    SELECT i.grid_code, i.microgrid_code, i.generation_id, i.geom, o.kind, o.geom AS old_geom,
           in_generation(o.generation_low, o.generation_high, %(current)s) AS unchanged
    FROM incident i
    JOIN cell o ON o.code = i.grid_code AND o.level = 'grid'
               AND in_generation(o.generation_low, o.generation_high, i.generation_id)
    WHERE i.id = %(id)s
),
micro (code) AS (
    SELECT microgrid_code FROM placed WHERE kind = 'basic' AND NOT unchanged AND microgrid_code IS NOT NULL
    UNION
    SELECT cc.new_code
    FROM micro
    JOIN code_change cc ON cc.old_code = micro.code AND cc.level = 'microgrid' AND cc.new_code IS NOT NULL
    WHERE cc.generation_id > (SELECT generation_id FROM placed) AND cc.generation_id <= %(current)s
)
SELECT coalesce(
    (SELECT grid_code FROM placed WHERE unchanged),
    (SELECT g.code
     FROM micro
     JOIN cell m ON m.code = micro.code AND m.level = 'microgrid'
                AND in_generation(m.generation_low, m.generation_high, %(current)s)
     LEFT JOIN cell b ON m.kind = 'stairwell' AND b.code = m.parent_code
                     AND in_generation(b.generation_low, b.generation_high, %(current)s)
     JOIN cell g ON g.code = coalesce(b.parent_code, m.parent_code) AND g.level = 'grid'
                AND in_generation(g.generation_low, g.generation_high, %(current)s)
     ORDER BY g.code
     LIMIT 1),
    (SELECT g.code
     FROM placed p
     JOIN cell g ON g.level = 'grid' AND ST_Covers(g.geom, p.geom)
                AND in_generation(g.generation_low, g.generation_high, %(current)s)
     ORDER BY g.kind <> p.kind, g.code
     LIMIT 1),
    (SELECT g.code
     FROM placed p
     JOIN cell g ON g.level = 'grid' AND g.kind = p.kind AND ST_Intersects(g.geom, p.old_geom)
                AND in_generation(g.generation_low, g.generation_high, %(current)s)
     ORDER BY ST_Area(ST_Intersection(g.geom, p.old_geom)) DESC, g.code
     LIMIT 1)) AS grid_code
