-- Whether a cell %(code)s of level %(level)s exists in any boundary generation.
SELECT EXISTS (SELECT 1 FROM cell WHERE code = %(code)s AND level = %(level)s) AS found
