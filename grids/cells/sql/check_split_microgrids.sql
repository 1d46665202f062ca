-- Building micro-grids of %(generation)s lying in more than one basic grid (a building is never split
-- between grids), with the grids it lies in, its smallest share, a point in the building (WKT,
-- EPSG:4490) and the building (GeoJSON, EPSG:4326). Scope: buildings cut by a basic grid of community
-- %(community)s (NULL: of any community). Two steps: the grids in scope find the buildings they cut
-- (grid-driven, so PostGIS prepares each grid once and probes the buildings' GiST index: 8 ms for a
-- community, 80 ms for the demo district, where driving from the buildings took 0.4–0.5 s); then only
-- those few buildings are measured against every basic grid.
WITH cut AS (
    SELECT DISTINCT b.code, b.geom
    FROM cell g
    JOIN cell b ON b.level = 'microgrid' AND b.kind = 'building'
               AND in_generation(b.generation_low, b.generation_high, %(generation)s)
               AND ST_Intersects(g.geom, b.geom)
    WHERE g.level = 'grid' AND g.kind = 'basic'
      AND in_generation(g.generation_low, g.generation_high, %(generation)s)
      AND (%(community)s::text IS NULL OR g.parent_code = %(community)s)
      AND NOT ST_CoveredBy(b.geom, g.geom)
      AND ST_Relate(b.geom, g.geom, '2********')
),
shares AS (
    SELECT c.code, c.geom, g.code AS grid_code, ST_Area(ST_Intersection(c.geom, g.geom)::geography) AS area_m2
    FROM cut c
    JOIN cell g
      ON g.level = 'grid' AND g.kind = 'basic'
     AND in_generation(g.generation_low, g.generation_high, %(generation)s)
     AND ST_Intersects(c.geom, g.geom)
    WHERE ST_Relate(c.geom, g.geom, '2********')
)
SELECT code, 'microgrid' AS level, 'building' AS kind, string_agg(grid_code, ',' ORDER BY grid_code) AS other_code,
       min(area_m2) AS area_m2, NULL::text AS detail, ST_AsText(ST_PointOnSurface(geom)) AS location,
       ST_AsGeoJSON(ST_Transform(geom, 4326), 7) AS geometry
FROM shares
WHERE area_m2 > %(tolerance)s
GROUP BY code, geom
HAVING count(*) > 1
ORDER BY code
