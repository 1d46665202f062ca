-- A generation and when it was published (or created, while unpublished):
-- together they identify its cells even after a store is rebuilt with the same generation numbers.
SELECT id, coalesce(published_at, created_at) FROM generation WHERE id = %(generation)s;
