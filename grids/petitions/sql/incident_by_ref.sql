-- The petition case with ticket %(ref)s, if any.
SELECT id FROM incident WHERE channel = 'petition' AND source_ref = %(ref)s
