-- Staged cells beside the geometry of their version stored in the generation being written.
SELECT s.stage_index, ST_AsBinary(s.geom), ST_AsBinary(c.geom)
FROM cell_stage s
JOIN cell c
  ON c.code = s.code
 AND in_generation(c.generation_low, c.generation_high, %(generation)s)
