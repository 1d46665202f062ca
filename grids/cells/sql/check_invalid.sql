-- Invalid geometries (the table refuses them, but a check must not assume how rows got there).
SELECT code, level, kind, NULL::text AS other_code, ST_Area(geom::geography) AS area_m2,
       ST_AsText(ST_PointOnSurface(geom)) AS location, ST_IsValidReason(geom) AS detail
FROM cell
WHERE in_generation(generation_low, generation_high, %(generation)s)
  AND (%(level)s::text IS NULL OR level = %(level)s)
  AND NOT ST_IsValid(geom)
