-- The day generation %(generation)s took effect (NULL while it is a draft).
SELECT effective_date FROM generation WHERE id = %(generation)s
