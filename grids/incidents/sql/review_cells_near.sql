-- The grids of generation %(generation)s nearest to a point (WGS 84 %(lon)s, %(lat)s) within %(metres)s m:
-- the candidates of an incident whose coordinates fall outside every cell.
WITH p AS (SELECT ST_Transform(ST_SetSRID(ST_Point(%(lon)s, %(lat)s), 4326), 4490) AS geom)
SELECT c.code, round(ST_Distance(c.geom::geography, p.geom::geography)) AS metres
FROM cell c, p
WHERE c.level = 'grid' AND in_generation(c.generation_low, c.generation_high, %(generation)s)
  AND ST_DWithin(c.geom::geography, p.geom::geography, %(metres)s)
ORDER BY c.geom <-> p.geom
LIMIT %(limit)s
