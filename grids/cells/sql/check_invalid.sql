-- Invalid geometries of %(generation)s (of level %(level)s, NULL: all), with GEOS's reason (the table
-- refuses them, but a check must not assume how rows got there).
SELECT code, level, kind, NULL::text AS other_code, ST_Area(geom::geography) AS area_m2,
       ST_IsValidReason(geom) AS detail, ST_AsText(ST_PointOnSurface(geom)) AS location,
       ST_AsGeoJSON(ST_Transform(geom, 4326), 7) AS geometry
FROM cell
WHERE in_generation(generation_low, generation_high, %(generation)s)
  AND (%(level)s::text IS NULL OR level = %(level)s)
  AND NOT ST_IsValid(geom)
