-- The code changes draft %(generation)s made in community %(community)s, in order.
SELECT level, kind, old_code, new_code, change
FROM code_change
WHERE generation_id = %(generation)s AND community_code = %(community)s
ORDER BY id
