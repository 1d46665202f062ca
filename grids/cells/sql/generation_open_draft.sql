-- A new draft generation, numbered after the newest (the caller holds the table's lock).
INSERT INTO generation (id, description)
SELECT coalesce(max(id), 0) + 1, %(description)s FROM generation
RETURNING id
