-- A community's grids as the draft has them (current), and the grids of the generation the draft was
-- opened on that the draft removed (ended): an edit that gives a grid back its old geometry and
-- buildings gives it back its old code.
SELECT c.code, c.kind, c.name, c.households, c.population, c.attributes, ST_AsBinary(c.geom) AS geom,
       in_generation(c.generation_low, c.generation_high, %(draft)s) AS current
FROM cell c
WHERE c.parent_code = %(community)s AND c.level = 'grid'
  AND (in_generation(c.generation_low, c.generation_high, %(draft)s)
       OR (c.generation_high = %(draft)s - 1
           AND NOT EXISTS (SELECT 1 FROM cell d WHERE d.code = c.code
                           AND in_generation(d.generation_low, d.generation_high, %(draft)s))))
ORDER BY c.code
