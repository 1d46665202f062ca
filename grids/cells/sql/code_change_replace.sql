-- Replace one community's code change log in a draft by the entries given (arrays, one per column).
DELETE FROM code_change WHERE generation_id = %(generation)s AND community_code = %(community)s;
INSERT INTO code_change (generation_id, community_code, level, kind, old_code, new_code, change)
SELECT %(generation)s, %(community)s, level, kind, old_code, new_code, change
FROM unnest(%(levels)s::text[], %(kinds)s::text[], %(old_codes)s::text[], %(new_codes)s::text[],
            %(changes)s::text[]) AS e(level, kind, old_code, new_code, change);
