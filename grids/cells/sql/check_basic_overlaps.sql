-- Basic grids whose interiors overlap (they must tile their community).
WITH basic AS (
    SELECT code, geom FROM cell
    WHERE level = 'grid' AND kind = 'basic'
      AND in_generation(generation_low, generation_high, %(generation)s)
), pairs AS (
    SELECT a.code, b.code AS other_code, ST_Intersection(a.geom, b.geom) AS part
    FROM basic a JOIN basic b ON a.code < b.code AND ST_Intersects(a.geom, b.geom)
    WHERE ST_Relate(a.geom, b.geom, '2********')
)
SELECT code, 'grid' AS level, 'basic' AS kind, other_code, ST_Area(part::geography) AS area_m2,
       ST_AsText(ST_PointOnSurface(part)) AS location, NULL::text AS detail
FROM pairs
WHERE ST_Area(part::geography) > %(tolerance)s
ORDER BY code, other_code
