-- Cells of one level of %(generation)s whose interiors overlap (of level %(level)s, NULL: every level
-- checked here): districts with districts, streets with streets, communities with communities, building
-- micro-grids with buildings and stairwells with stairwells — an old district code next to its
-- successor, building parts drawn twice. Basic grids are check_basic_overlaps.sql's (scoped to a
-- community for the map); dedicated grids may lie over basic grids and each other. Each pair once
-- (the lower code first), with the overlap's area, a point in it (WKT, EPSG:4490) and its shape
-- (GeoJSON, EPSG:4326). The cell table is read on both sides so that the GiST index drives the join.
WITH pairs AS (
    SELECT a.code, a.level, a.kind, b.code AS other_code, ST_Intersection(a.geom, b.geom) AS part
    FROM cell a
    JOIN cell b
      ON b.level = a.level AND b.kind IS NOT DISTINCT FROM a.kind AND b.code > a.code
     AND in_generation(b.generation_low, b.generation_high, %(generation)s)
     AND ST_Intersects(a.geom, b.geom)
    WHERE a.level IN ('district', 'street', 'community', 'microgrid')
      AND (%(level)s::text IS NULL OR a.level = %(level)s)
      AND in_generation(a.generation_low, a.generation_high, %(generation)s)
      AND ST_Relate(a.geom, b.geom, '2********')
)
SELECT code, level, kind, other_code, ST_Area(part::geography) AS area_m2, NULL::text AS detail,
       ST_AsText(ST_PointOnSurface(part)) AS location,
       ST_AsGeoJSON(ST_Transform(ST_CollectionExtract(part, 3), 4326), 7) AS geometry
FROM pairs
WHERE ST_Area(part::geography) > %(tolerance)s
ORDER BY level, code, other_code
