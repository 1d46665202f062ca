-- Parts of a community of %(generation)s (community %(community)s, NULL: all) covered by none of its
-- basic grids, one row per gap, with its area, a point in it (WKT, EPSG:4490) and its shape (GeoJSON,
-- EPSG:4326). A community without any basic grid is one gap, the whole community (detail
-- 'without_grids'), once the generation has grids at all: a generation imported level by level is not
-- gridded yet until its first grids come in.
WITH communities AS (
    SELECT code, geom FROM cell
    WHERE level = 'community' AND in_generation(generation_low, generation_high, %(generation)s)
      AND (%(community)s::text IS NULL OR code = %(community)s)
),
covered AS (
    SELECT c.code, ST_Union(g.geom) AS geom
    FROM communities c
    LEFT JOIN cell g ON g.parent_code = c.code AND g.level = 'grid' AND g.kind = 'basic'
                    AND in_generation(g.generation_low, g.generation_high, %(generation)s)
    GROUP BY c.code
),
gaps AS (
    SELECT c.code, CASE WHEN v.geom IS NULL THEN 'without_grids' END AS detail,
           (ST_Dump(CASE WHEN v.geom IS NULL THEN c.geom ELSE ST_Difference(c.geom, v.geom) END)).geom AS part
    FROM communities c JOIN covered v ON v.code = c.code
    WHERE v.geom IS NOT NULL
       OR EXISTS (SELECT 1 FROM cell WHERE level = 'grid'
                                       AND in_generation(generation_low, generation_high, %(generation)s))
)
SELECT code, 'community' AS level, NULL::text AS kind, NULL::text AS other_code,
       ST_Area(part::geography) AS area_m2, detail, ST_AsText(ST_PointOnSurface(part)) AS location,
       ST_AsGeoJSON(ST_Transform(part, 4326), 7) AS geometry
FROM gaps
WHERE ST_Dimension(part) = 2 AND ST_Area(part::geography) > %(tolerance)s
ORDER BY code, area_m2 DESC
