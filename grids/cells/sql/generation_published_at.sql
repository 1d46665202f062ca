-- When generation %(generation)s was published (NULL: a draft; no row: no such generation).
SELECT published_at FROM generation WHERE id = %(generation)s
