-- Grids of the new generation whose codes the base generation did not have.
SELECT n.code
FROM cell n
WHERE n.level = 'grid' AND in_generation(n.generation_low, n.generation_high, %(new)s)
  AND NOT EXISTS (SELECT 1 FROM cell o WHERE o.code = n.code
                  AND in_generation(o.generation_low, o.generation_high, %(base)s))
ORDER BY n.code
