-- The outline of a case's cell (its grid, else its community) in generation %(generation)s, WGS 84 GeoJSON.
SELECT code, name, ST_AsGeoJSON(ST_Transform(geom, 4326), 6)
FROM cell
WHERE code = %(code)s AND in_generation(generation_low, generation_high, %(generation)s)
LIMIT 1
