-- The cells of a level in a generation, in EPSG:4326 (WKB, simplified by the caller), with what the
-- map shows of them. The stored CGCS2000 coordinates are taken as WGS 84 as they are: gis/crs.py treats
-- 4490 ⇄ 4326 as the identity (centimetres apart; PROJ offers only a no-op), and transforming 100,000
-- micro-grids through PROJ cost a second for nothing.
SELECT code, name, level, kind, parent_code, households, population, area_m2,
       ST_AsBinary(geom) AS wkb
FROM cell
WHERE level = %(level)s
  AND in_generation(generation_low, generation_high, %(generation)s)
ORDER BY code;
