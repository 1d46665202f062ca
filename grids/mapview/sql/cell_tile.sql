-- The cells of %(level)s in generation %(generation)s under the code prefixes %(prefixes)s (NULL: all)
-- as one Mapbox vector tile of layer %(layer)s: Web Mercator tile z/x/y, 4096 units, 64 units of buffer.
-- The cells are found by the GiST index through the tile's extent in the storage CRS.
WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS mercator)
SELECT ST_AsMVT(t, %(layer)s, 4096, 'geom')
FROM (
    SELECT c.code, c.name, c.kind,
           ST_AsMVTGeom(ST_Transform(c.geom, 3857), bounds.mercator, 4096, 64, true) AS geom
    FROM cell c, bounds
    WHERE c.level = %(level)s
      AND in_generation(c.generation_low, c.generation_high, %(generation)s)
      AND c.geom && ST_Transform(bounds.mercator, 4490)
      AND (%(prefixes)s::text[] IS NULL OR c.code LIKE ANY (%(prefixes)s::text[]))
) t
