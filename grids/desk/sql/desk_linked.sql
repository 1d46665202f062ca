-- The tickets linked to a case as repeats, of every channel: the case it repeats (its root), and every
-- incident that repeats the root, the case itself excepted.
WITH root AS (SELECT coalesce(repeat_of, id) AS id FROM incident WHERE id = %(id)s)
SELECT i.id, i.channel, i.source_ref, i.reported_at, i.status, i.title, i.repeat_of
FROM incident i, root
WHERE (i.id = root.id OR i.repeat_of = root.id) AND i.id <> %(id)s
ORDER BY i.reported_at, i.id
LIMIT 200
