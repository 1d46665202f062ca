-- Cells of generation %(generation)s by code (%(codes)s): name, level, kind and outline (WGS 84 GeoJSON).
SELECT code, name, level, kind, ST_AsGeoJSON(ST_Transform(geom, 4326), 6) AS outline
FROM cell
WHERE code = ANY(%(codes)s::text[]) AND in_generation(generation_low, generation_high, %(generation)s)
