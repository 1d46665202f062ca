-- Building micro-grids of the working generation by code, with their grid and its community.
SELECT b.code, b.parent_code, g.parent_code, ST_AsBinary(b.geom)
FROM cell b
JOIN cell g ON g.code = b.parent_code AND g.level = 'grid'
 AND in_generation(g.generation_low, g.generation_high, %(generation)s)
WHERE b.code = ANY(%(codes)s) AND b.level = 'microgrid' AND b.kind = 'building'
  AND in_generation(b.generation_low, b.generation_high, %(generation)s)
