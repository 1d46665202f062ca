-- Whether a cell %(code)s exists (any level, any generation).
SELECT EXISTS (SELECT 1 FROM cell WHERE code = %(code)s) AS found
