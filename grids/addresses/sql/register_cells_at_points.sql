-- The building and the stairwell micro-grids of generation %(generation)s holding each point
-- (%(rows)s, %(lon)s, %(lat)s in EPSG:4490); a point in no micro-grid gives no row.
WITH p AS (
    SELECT t.row, ST_SetSRID(ST_Point(t.lon, t.lat), 4490) AS geom
    FROM unnest(%(rows)s::int[], %(lon)s::float8[], %(lat)s::float8[]) AS t(row, lon, lat)
)
SELECT p.row, c.code, c.kind
FROM p JOIN cell c ON ST_Covers(c.geom, p.geom)
WHERE c.level = 'microgrid' AND in_generation(c.generation_low, c.generation_high, %(generation)s)
ORDER BY p.row, c.code
