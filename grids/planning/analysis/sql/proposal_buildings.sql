-- The building micro-grids of the basic grids of community %(community)s in generation %(generation)s,
-- with their grid, households and footprint (WKB, EPSG:4490), by code.
SELECT b.code, b.parent_code AS grid_code, coalesce(b.households, 0) AS households, ST_AsBinary(b.geom) AS wkb
FROM cell g
JOIN cell b ON b.parent_code = g.code AND b.level = 'microgrid' AND b.kind = 'building'
           AND in_generation(b.generation_low, b.generation_high, %(generation)s)
WHERE g.level = 'grid' AND g.kind = 'basic' AND g.parent_code = %(community)s
  AND in_generation(g.generation_low, g.generation_high, %(generation)s)
ORDER BY b.code
