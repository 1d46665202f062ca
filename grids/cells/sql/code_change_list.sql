-- A generation's code change log, grids before micro-grids, by old code (created cells last).
SELECT community_code, level, kind, old_code, new_code, change
FROM code_change
WHERE generation_id = %(generation)s AND (%(level)s::text IS NULL OR level = %(level)s)
ORDER BY level, old_code NULLS LAST, new_code NULLS LAST
