-- Building micro-grids lying in more than one basic grid (a building is never split between grids).
-- Both sides read the cell table itself (not a shared CTE) so that the GiST index drives the join.
WITH shares AS (
    SELECT b.code, g.code AS grid_code, ST_Area(ST_Intersection(b.geom, g.geom)::geography) AS area_m2
    FROM cell b
    JOIN cell g
      ON g.level = 'grid' AND g.kind = 'basic'
     AND in_generation(g.generation_low, g.generation_high, %(generation)s)
     AND ST_Intersects(b.geom, g.geom)
    WHERE b.level = 'microgrid' AND b.kind = 'building'
      AND in_generation(b.generation_low, b.generation_high, %(generation)s)
      AND NOT ST_CoveredBy(b.geom, g.geom)
      AND ST_Relate(b.geom, g.geom, '2********')
)
SELECT code, 'microgrid' AS level, 'building' AS kind, string_agg(grid_code, ',' ORDER BY grid_code) AS other_code,
       min(area_m2) AS area_m2, NULL::text AS location, NULL::text AS detail
FROM shares
WHERE area_m2 > %(tolerance)s
GROUP BY code
HAVING count(*) > 1
ORDER BY code
