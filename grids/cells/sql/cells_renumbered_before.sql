-- Codes given earlier by renumbering (attribute old_code) to cells of %(level)s/%(kind)s under
-- %(parent_codes)s in generation %(generation)s: re-importing a file with --renumber finds the same
-- codes again instead of numbering the same cells anew.
SELECT parent_code, attributes ->> 'old_code' AS old_code, code
FROM cell
WHERE level = %(level)s AND kind IS NOT DISTINCT FROM %(kind)s
  AND parent_code = ANY(%(parent_codes)s)
  AND attributes ? 'old_code'
  AND in_generation(generation_low, generation_high, %(generation)s)
