-- Staged codes already used by a cell of another level or kind in the generation being written.
SELECT s.stage_index, s.code, c.level, c.kind
FROM cell_stage s
JOIN cell c
  ON c.code = s.code
 AND in_generation(c.generation_low, c.generation_high, %(generation)s)
WHERE c.level <> s.level OR c.kind IS DISTINCT FROM s.kind
ORDER BY s.stage_index
