-- The finest cell of generation %(generation)s holding a point (WGS 84 %(lon)s, %(lat)s): a micro-grid
-- before a grid before a community … (NULL when none holds it).
WITH p AS (SELECT ST_Transform(ST_SetSRID(ST_Point(%(lon)s, %(lat)s), 4326), 4490) AS geom)
SELECT c.code
FROM cell c, p
WHERE ST_Covers(c.geom, p.geom) AND in_generation(c.generation_low, c.generation_high, %(generation)s)
ORDER BY array_position(ARRAY['microgrid', 'grid', 'community', 'street', 'district'], c.level), c.code
LIMIT 1
