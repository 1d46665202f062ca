-- Basic grids of %(generation)s whose interiors overlap (they must tile their community): the overlap's
-- area, a point in it (WKT, EPSG:4490) and its shape (GeoJSON, EPSG:4326). Scope: pairs with a grid of
-- community %(community)s, also across its border (NULL: every pair); each pair once. The cell table is
-- read on both sides so that the GiST index drives the join.
WITH pairs AS (
    SELECT a.code, b.code AS other_code, ST_Intersection(a.geom, b.geom) AS part
    FROM cell a
    JOIN cell b
      ON b.level = 'grid' AND b.kind = 'basic' AND b.code <> a.code
     AND in_generation(b.generation_low, b.generation_high, %(generation)s)
     AND ST_Intersects(a.geom, b.geom)
    WHERE a.level = 'grid' AND a.kind = 'basic'
      AND in_generation(a.generation_low, a.generation_high, %(generation)s)
      AND (%(community)s::text IS NULL OR a.parent_code = %(community)s)
      AND (a.code < b.code OR (%(community)s::text IS NOT NULL AND b.parent_code IS DISTINCT FROM %(community)s))
      AND ST_Relate(a.geom, b.geom, '2********')
)
SELECT code, 'grid' AS level, 'basic' AS kind, other_code, ST_Area(part::geography) AS area_m2,
       NULL::text AS detail, ST_AsText(ST_PointOnSurface(part)) AS location,
       ST_AsGeoJSON(ST_Transform(ST_CollectionExtract(part, 3), 4326), 7) AS geometry
FROM pairs
WHERE ST_Area(part::geography) > %(tolerance)s
ORDER BY code, other_code
