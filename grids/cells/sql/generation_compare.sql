-- The cells of one level that differ between generations %(a)s (before) and %(b)s (after): added,
-- removed, reshaped (another geometry) or changed (same geometry, other name or figures). A row
-- valid in both generations is the same version and is left out. Geometries as GeoJSON (6 decimals,
-- lon/lat in EPSG:4490), optionally only the cells whose codes start with %(within)s.
WITH a AS (
    SELECT * FROM cell
    WHERE level = %(level)s AND in_generation(generation_low, generation_high, %(a)s)
      AND (%(within)s::text IS NULL OR starts_with(code, %(within)s))
), b AS (
    SELECT * FROM cell
    WHERE level = %(level)s AND in_generation(generation_low, generation_high, %(b)s)
      AND (%(within)s::text IS NULL OR starts_with(code, %(within)s))
)
SELECT coalesce(b.code, a.code) AS code, coalesce(b.kind, a.kind) AS kind,
       coalesce(b.parent_code, a.parent_code) AS parent_code,
       CASE WHEN a.id IS NULL THEN 'added'
            WHEN b.id IS NULL THEN 'removed'
            WHEN NOT ST_Equals(a.geom, b.geom) THEN 'reshaped'
            ELSE 'changed' END AS change,
       a.name AS name_before, b.name AS name_after,
       round(a.area_m2::numeric, 1)::float AS area_before_m2, round(b.area_m2::numeric, 1)::float AS area_after_m2,
       a.households AS households_before, b.households AS households_after,
       ST_AsGeoJSON(a.geom, 6, 0)::json AS geometry_before, ST_AsGeoJSON(b.geom, 6, 0)::json AS geometry_after
FROM a FULL JOIN b ON a.code = b.code
WHERE a.id IS DISTINCT FROM b.id
ORDER BY 1;
