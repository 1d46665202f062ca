-- Which of the generation numbers %(ids)s exist.
SELECT id FROM generation WHERE id = ANY(%(ids)s)
