-- For each staged cell without a parent code: the cell of the parent level that holds most of its
-- area (ties to the lowest code), with the share of the staged cell's area it holds. Shares use
-- planar degrees: only the ranking and a rough share are needed, and they are cheap.
SELECT DISTINCT ON (s.stage_index)
       s.stage_index,
       p.code,
       ST_Area(ST_Intersection(s.geom, p.geom)) / nullif(ST_Area(s.geom), 0) AS share
FROM cell_stage s
JOIN cell p
  ON p.level = %(parent_level)s
 AND p.kind IS NOT DISTINCT FROM %(parent_kind)s
 AND in_generation(p.generation_low, p.generation_high, %(generation)s)
 AND ST_Intersects(s.geom, p.geom)
WHERE s.parent_code IS NULL
ORDER BY s.stage_index, share DESC, p.code
