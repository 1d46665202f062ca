-- Parts of a community covered by none of its basic grids, one row per gap, with its area and a
-- point inside it. Communities without any basic grid are the orphan check's business.
WITH live AS (
    SELECT * FROM cell WHERE in_generation(generation_low, generation_high, %(generation)s)
), covered AS (
    SELECT parent_code, ST_Union(geom) AS geom
    FROM live WHERE level = 'grid' AND kind = 'basic'
    GROUP BY parent_code
), gaps AS (
    SELECT c.code, (ST_Dump(ST_Difference(c.geom, g.geom))).geom AS part
    FROM live c JOIN covered g ON g.parent_code = c.code
    WHERE c.level = 'community'
)
SELECT code, 'community' AS level, NULL::text AS kind, NULL::text AS other_code,
       ST_Area(part::geography) AS area_m2, ST_AsText(ST_PointOnSurface(part)) AS location,
       NULL::text AS detail
FROM gaps
WHERE ST_Dimension(part) = 2 AND ST_Area(part::geography) > %(tolerance)s
ORDER BY code, area_m2 DESC
