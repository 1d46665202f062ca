-- The stored people among codes %(codes)s and ids %(ids)s: id and code.
SELECT id, code FROM person WHERE code = ANY(%(codes)s) OR id = ANY(%(ids)s)
