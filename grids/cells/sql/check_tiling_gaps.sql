-- Parts of a district that none of its streets covers, and of a street that none of its communities
-- covers (children by parent_code), one row per gap with its area, a point in it (WKT, EPSG:4490) and
-- its shape (GeoJSON, EPSG:4326); detail names the children ('streets', 'communities'). Only parents that
-- have children in %(generation)s are checked: a street whose communities are not loaded yet is not
-- subdivided, not a gap (unlike a community without basic grids, check_coverage_gaps.sql, which
-- placing incidents depends on). %(level)s (NULL: all) keeps the gaps of that level or in it.
WITH parents AS (
    SELECT code, level, geom, CASE level WHEN 'district' THEN 'street' ELSE 'community' END AS child_level
    FROM cell
    WHERE level IN ('district', 'street') AND in_generation(generation_low, generation_high, %(generation)s)
),
covered AS (
    SELECT p.code, p.level, p.child_level, p.geom, ST_Union(c.geom) AS children
    FROM parents p
    JOIN cell c ON c.parent_code = p.code AND c.level = p.child_level
               AND in_generation(c.generation_low, c.generation_high, %(generation)s)
    WHERE %(level)s::text IS NULL OR %(level)s IN (p.level, p.child_level)
    GROUP BY p.code, p.level, p.child_level, p.geom
),
gaps AS (
    SELECT code, level, CASE child_level WHEN 'street' THEN 'streets' ELSE 'communities' END AS detail,
           (ST_Dump(ST_Difference(geom, children))).geom AS part
    FROM covered
)
SELECT code, level, NULL::text AS kind, NULL::text AS other_code, ST_Area(part::geography) AS area_m2, detail,
       ST_AsText(ST_PointOnSurface(part)) AS location, ST_AsGeoJSON(ST_Transform(part, 4326), 7) AS geometry
FROM gaps
WHERE ST_Dimension(part) = 2 AND ST_Area(part::geography) > %(tolerance)s
ORDER BY level, code, area_m2 DESC
