-- Cells of %(generation)s below the city and its districts (of level %(level)s, NULL: all) whose parent is missing from
-- the generation ('parent_missing') or was never given ('without_parent'). A community without basic
-- grids is a coverage gap (check_coverage_gaps.sql), not an orphan.
WITH live AS (
    SELECT * FROM cell WHERE in_generation(generation_low, generation_high, %(generation)s)
)
SELECT c.code, c.level, c.kind, c.parent_code AS other_code, c.area_m2,
       CASE WHEN c.parent_code IS NULL THEN 'without_parent' ELSE 'parent_missing' END AS detail,
       ST_AsText(ST_PointOnSurface(c.geom)) AS location, ST_AsGeoJSON(ST_Transform(c.geom, 4326), 7) AS geometry
FROM live c
WHERE c.level NOT IN ('city', 'district')
  AND (%(level)s::text IS NULL OR c.level = %(level)s)
  AND NOT EXISTS (SELECT 1 FROM live p WHERE p.code = c.parent_code)
ORDER BY 1
