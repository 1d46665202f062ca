-- The finest cell of generation %(generation)s holding each point (%(rows)s, %(lon)s, %(lat)s in
-- EPSG:4490): a micro-grid before a grid (a dedicated grid before a basic one) before a community.
WITH p AS (
    SELECT t.row, ST_SetSRID(ST_Point(t.lon, t.lat), 4490) AS geom
    FROM unnest(%(rows)s::int[], %(lon)s::float8[], %(lat)s::float8[]) AS t(row, lon, lat)
)
SELECT DISTINCT ON (p.row) p.row, c.code
FROM p JOIN cell c ON ST_Covers(c.geom, p.geom)
WHERE c.level IN ('microgrid', 'grid', 'community')
  AND in_generation(c.generation_low, c.generation_high, %(generation)s)
ORDER BY p.row, array_position(ARRAY['microgrid', 'grid', 'community'], c.level),
         c.kind = 'basic', c.code
