-- The code change logs of the generations after %(low)s up to %(high)s, oldest first.
SELECT generation_id, level, kind, old_code, new_code
FROM code_change
WHERE generation_id > %(low)s AND generation_id <= %(high)s
  AND (%(level)s::text IS NULL OR level = %(level)s)
  AND (%(within)s::text IS NULL OR starts_with(coalesce(old_code, new_code), %(within)s))
ORDER BY generation_id, id
