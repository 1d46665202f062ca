-- The highest code already used under each parent, per kind, in the generation being written
-- (codes are the parent's code followed by a serial; see grids/cells/codes.py).
SELECT parent_code, max(code) AS max_code
FROM cell
WHERE level = %(level)s AND kind IS NOT DISTINCT FROM %(kind)s
  AND parent_code = ANY(%(parent_codes)s)
  AND in_generation(generation_low, generation_high, %(generation)s)
GROUP BY parent_code
