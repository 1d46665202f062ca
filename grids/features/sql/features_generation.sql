-- The generation to answer in: %(generation)s when it is published, else NULL; without one (NULL), the
-- newest published generation.
SELECT id FROM generation
WHERE published_at IS NOT NULL AND (%(generation)s::int IS NULL OR id = %(generation)s)
ORDER BY id DESC LIMIT 1
