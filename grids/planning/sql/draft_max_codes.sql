-- The highest code ever used under each parent, per level and kind, in any generation: a new code never
-- repeats one an older generation, a person or an address may still refer to.
SELECT parent_code, level, kind, max(code)
FROM cell
WHERE parent_code = ANY(%(parents)s)
GROUP BY parent_code, level, kind
