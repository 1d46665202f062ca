-- Cells of one level of %(generation)s whose interiors overlap (of level %(level)s, NULL: every level
-- checked here): districts with districts, streets with streets, communities with communities, building
-- micro-grids with buildings and stairwells with stairwells — an old district code next to its
-- successor, building parts drawn twice. Basic grids are check_basic_overlaps.sql's (scoped to a
-- community for the map); dedicated grids may lie over basic grids and each other. Each pair once
-- (the lower code first), with the overlap's area, a point in it (WKT, EPSG:4490) and its shape
-- (GeoJSON, EPSG:4326). Each cell probes the GiST index for the cells whose boxes it touches: the
-- probe is a LATERAL subquery kept apart by OFFSET 0, because flattened into the join the planner ANDed
-- it with a bitmap of the whole level (or of every higher code) for each of the demo's 16,000 cells (5–8
-- s instead of well under one).
WITH pairs AS (
    SELECT a.code, a.level, a.kind, b.code AS other_code, ST_Intersection(a.geom, b.geom) AS part
    FROM cell a
    CROSS JOIN LATERAL (SELECT code, level, kind, geom, generation_low, generation_high
                        FROM cell WHERE geom && a.geom OFFSET 0) b
    WHERE a.level IN ('city', 'district', 'street', 'community', 'microgrid')
      AND (%(level)s::text IS NULL OR a.level = %(level)s)
      AND in_generation(a.generation_low, a.generation_high, %(generation)s)
      AND b.level = a.level AND b.kind IS NOT DISTINCT FROM a.kind AND b.code > a.code
      AND in_generation(b.generation_low, b.generation_high, %(generation)s)
      AND ST_Relate(a.geom, b.geom, '2********')
)
SELECT code, level, kind, other_code, ST_Area(part::geography) AS area_m2, NULL::text AS detail,
       ST_AsText(ST_PointOnSurface(part)) AS location,
       ST_AsGeoJSON(ST_Transform(ST_CollectionExtract(part, 3), 4326), 7) AS geometry
FROM pairs
WHERE ST_Area(part::geography) > %(tolerance)s
ORDER BY level, code, other_code
