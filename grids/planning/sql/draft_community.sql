-- A community as valid in the draft, with its geometry.
SELECT code, name, parent_code, ST_AsBinary(geom) AS geom
FROM cell
WHERE code = %(community)s AND level = 'community'
  AND in_generation(generation_low, generation_high, %(draft)s)
