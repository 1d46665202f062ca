-- The incidents linked as repeats of incident %(id)s, in the order they came.
SELECT id FROM incident WHERE repeat_of = %(id)s ORDER BY reported_at, id
