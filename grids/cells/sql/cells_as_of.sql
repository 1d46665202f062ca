-- The cells valid in a generation, optionally of one level and kind.
SELECT code, level, kind, name, parent_code, households, population, area_m2, attributes,
       generation_low, generation_high, ST_AsBinary(geom) AS geom
FROM cell
WHERE in_generation(generation_low, generation_high, %(generation)s)
  AND (%(level)s::text IS NULL OR level = %(level)s)
  AND (%(kind)s::text IS NULL OR kind = %(kind)s)
ORDER BY level, code
