-- The building micro-grids of some grids as the draft has them, with their stairwells beside them.
-- origin_code is the building's code in the generation the draft was opened on (through the draft's
-- code changes) and origin_parent that version's grid: who the building "is" across re-codings.
SELECT b.code, b.level, b.kind, b.name, b.parent_code, b.households, b.population, b.attributes,
       ST_AsBinary(b.geom) AS geom,
       coalesce(cc.old_code, b.code) AS origin_code, coalesce(o.parent_code, b.parent_code) AS origin_parent
FROM cell b
LEFT JOIN code_change cc
  ON cc.generation_id = %(draft)s AND cc.level = 'microgrid' AND cc.new_code = b.code AND b.generation_low = %(draft)s
LEFT JOIN LATERAL (
    SELECT parent_code FROM cell p
    WHERE p.code = coalesce(cc.old_code, b.code) AND p.generation_low < %(draft)s
    ORDER BY p.generation_low DESC LIMIT 1
) o ON true
WHERE b.level = 'microgrid' AND b.parent_code = ANY(%(parents)s)
  AND in_generation(b.generation_low, b.generation_high, %(draft)s)
ORDER BY b.code
