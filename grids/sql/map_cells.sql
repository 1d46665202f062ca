-- The cells of a level in a generation, in EPSG:4326 (WKB, simplified by the caller), with what the
-- map shows of them.
SELECT code, name, level, kind, parent_code, households, population, area_m2,
       ST_AsBinary(ST_Transform(geom, 4326)) AS wkb
FROM cell
WHERE level = %(level)s
  AND in_generation(generation_low, generation_high, %(generation)s)
ORDER BY code;
