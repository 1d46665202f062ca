-- The polygon of community %(community)s in generation %(generation)s (WKB, EPSG:4490).
SELECT ST_AsBinary(geom) AS wkb
FROM cell
WHERE level = 'community' AND code = %(community)s
  AND in_generation(generation_low, generation_high, %(generation)s)
