-- Children not inside their parent: the area that lies outside, and where.
WITH outside AS (
    SELECT c.code, c.level, c.kind, p.code AS other_code, ST_Difference(c.geom, p.geom) AS part
    FROM cell c
    JOIN cell p
      ON p.code = c.parent_code
     AND in_generation(p.generation_low, p.generation_high, %(generation)s)
    WHERE in_generation(c.generation_low, c.generation_high, %(generation)s)
      AND (%(level)s::text IS NULL OR c.level = %(level)s)
      AND NOT ST_CoveredBy(c.geom, p.geom)
)
SELECT code, level, kind, other_code, ST_Area(part::geography) AS area_m2,
       ST_AsText(ST_PointOnSurface(part)) AS location, NULL::text AS detail
FROM outside
WHERE NOT ST_IsEmpty(part) AND ST_Area(part::geography) > %(tolerance)s
ORDER BY code
