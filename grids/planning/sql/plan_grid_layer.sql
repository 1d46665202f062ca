-- Every grid of generation %(generation)s for an export: attributes and GeoJSON geometry (lon/lat,
-- CGCS2000, 7 decimals: about 1 cm).
SELECT code, name, level, kind, parent_code, households, population, area_m2,
       ST_AsGeoJSON(geom, 7) AS geometry
FROM cell
WHERE level = 'grid' AND in_generation(generation_low, generation_high, %(generation)s)
ORDER BY code;
