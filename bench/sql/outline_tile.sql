-- The micro-grid outlines of /api/v1/outlines as one Mapbox vector tile (ST_AsMVT, Web Mercator tile
-- z/x/y, 4096 units, 64 units of buffer), for the GeoJSON-or-tiles comparison of bench/bench_web.py
-- (docs/webmap.md). The cells are found by the GiST index through the tile's extent in the storage CRS.
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS mercator)
SELECT ST_AsMVT(t, 'microgrid', 4096, 'geom')
FROM (
    SELECT c.code, c.name, c.kind, ST_AsMVTGeom(ST_Transform(c.geom, 3857), bounds.mercator, 4096, 64, true) AS geom
    FROM cell c, bounds
    WHERE c.level = 'microgrid'
      AND in_generation(c.generation_low, c.generation_high, %(generation)s)
      AND c.geom && ST_Transform(bounds.mercator, 4490)
) t;
