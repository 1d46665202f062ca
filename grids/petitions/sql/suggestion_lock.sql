-- Suggestion %(id)s, locked.
SELECT * FROM suggestion WHERE id = %(id)s FOR UPDATE
