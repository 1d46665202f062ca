-- Grids of the working generation (by code, or all of a community) with their buildings' codes.
SELECT g.code, g.kind, g.parent_code, ST_AsBinary(g.geom),
       array(SELECT b.code FROM cell b
             WHERE b.parent_code = g.code AND b.level = 'microgrid' AND b.kind = 'building'
               AND in_generation(b.generation_low, b.generation_high, %(generation)s)
             ORDER BY b.code)
FROM cell g
WHERE g.level = 'grid' AND (g.code = ANY(%(codes)s) OR g.parent_code = %(community)s)
  AND in_generation(g.generation_low, g.generation_high, %(generation)s)
ORDER BY g.code
