-- The building micro-grids of community %(community)s in generation %(generation)s (children of its
-- basic grids) as GeoJSON (EPSG:4326, 7 decimals) with their grid, households and standard address.
SELECT b.code, b.name, b.parent_code AS grid_code, b.households,
       a.full_address AS address,
       ST_AsGeoJSON(ST_Transform(b.geom, 4326), 7) AS geometry
FROM cell g
JOIN cell b ON b.parent_code = g.code AND b.level = 'microgrid' AND b.kind = 'building'
           AND in_generation(b.generation_low, b.generation_high, %(generation)s)
LEFT JOIN standard_address a ON a.cell_code = b.code
WHERE g.level = 'grid' AND g.parent_code = %(community)s
  AND in_generation(g.generation_low, g.generation_high, %(generation)s)
ORDER BY b.code;
