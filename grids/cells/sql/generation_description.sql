-- The description of generation %(generation)s.
SELECT description FROM generation WHERE id = %(generation)s
