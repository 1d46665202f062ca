-- Cells below the district whose parent is missing from the generation (or never given), and
-- communities without any basic grid once grids exist.
WITH live AS (
    SELECT * FROM cell WHERE in_generation(generation_low, generation_high, %(generation)s)
)
SELECT c.code, c.level, c.kind, c.parent_code AS other_code, c.area_m2,
       ST_AsText(ST_PointOnSurface(c.geom)) AS location, 'without_parent' AS detail
FROM live c
WHERE c.level <> 'district'
  AND (%(level)s::text IS NULL OR c.level = %(level)s)
  AND NOT EXISTS (SELECT 1 FROM live p WHERE p.code = c.parent_code)
UNION ALL
SELECT c.code, c.level, c.kind, NULL, c.area_m2, ST_AsText(ST_PointOnSurface(c.geom)), 'without_grids'
FROM live c
WHERE c.level = 'community'
  AND (%(level)s::text IS NULL OR %(level)s IN ('community', 'grid'))
  AND EXISTS (SELECT 1 FROM live g WHERE g.level = 'grid')
  AND NOT EXISTS (SELECT 1 FROM live g WHERE g.parent_code = c.code AND g.level = 'grid' AND g.kind = 'basic')
ORDER BY 1
