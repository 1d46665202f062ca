-- The cells valid in a generation, optionally of one level and kind.
SELECT code, level, kind, name, parent_code, households, population, area_m2, attributes,
       generation_low, generation_high, ST_AsBinary(geom) AS geom
FROM cell
WHERE generation_low <= %(generation)s AND %(generation)s <= generation_high
  AND (%(level)s::text IS NULL OR level = %(level)s)
  AND (%(kind)s::text IS NULL OR kind = %(kind)s)
ORDER BY level, code
