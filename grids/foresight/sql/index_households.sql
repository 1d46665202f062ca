-- The households of each cell of %(level)s in generation %(generation)s: its own figure, else the sum of
-- its basic grids' (streets and communities are often loaded without one).
SELECT c.code, coalesce(c.households, (
           SELECT sum(g.households) FROM cell g
           WHERE g.level = 'grid' AND g.kind = 'basic' AND g.code LIKE c.code || '%%'
             AND in_generation(g.generation_low, g.generation_high, %(generation)s))) AS households
FROM cell c
WHERE c.level = %(level)s AND in_generation(c.generation_low, c.generation_high, %(generation)s)
