-- Campaign %(id)s.
SELECT id, title, starts_on, ends_on, departments, description FROM suggestion_campaign WHERE id = %(id)s
