-- Grids of %(generation)s (of community %(community)s, NULL: all) reaching outside their community:
-- the part outside, as GeoJSON (EPSG:4326).
WITH outside AS (
    SELECT g.code, g.kind, c.code AS other_code, ST_CollectionExtract(ST_Difference(g.geom, c.geom), 3) AS part
    FROM cell g
    JOIN cell c ON c.code = g.parent_code AND c.level = 'community'
               AND in_generation(c.generation_low, c.generation_high, %(generation)s)
    WHERE g.level = 'grid' AND in_generation(g.generation_low, g.generation_high, %(generation)s)
      AND (%(community)s::text IS NULL OR g.parent_code = %(community)s)
      AND NOT ST_CoveredBy(g.geom, c.geom)
)
SELECT code, 'grid' AS level, kind, other_code, ST_Area(part::geography) AS area_m2, NULL::text AS detail,
       ST_AsGeoJSON(ST_Transform(part, 4326), 7) AS geometry
FROM outside
WHERE NOT ST_IsEmpty(part) AND ST_Area(part::geography) > %(tolerance)s
ORDER BY code
