-- Every cell of %(level)s in generation %(generation)s (under %(within)s) with the chain's counts of the
-- disputes placed in it ({stats}: kpi_stats.sql grouped by the level's placement column).
SELECT c.code, c.name, s.*
FROM cell c
LEFT JOIN ({stats}) s ON s.key = c.code
WHERE c.level = %(level)s AND in_generation(c.generation_low, c.generation_high, %(generation)s)
  AND (%(within)s::text IS NULL OR c.code LIKE %(within)s || '%%')
ORDER BY c.code
