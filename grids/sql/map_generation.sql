-- The generation the map shows and when it was published (or created, for an unpublished store):
-- together they identify its cells even after a store is rebuilt with the same generation numbers.
SELECT id, coalesce(published_at, created_at) FROM generation WHERE id = %(generation)s;
