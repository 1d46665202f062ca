-- Which of %(codes)s are cells of %(level)s (and %(kind)s, when given) in generation %(generation)s.
SELECT code
FROM cell
WHERE code = ANY(%(codes)s) AND level = %(level)s
  AND (%(kind)s::text IS NULL OR kind = %(kind)s)
  AND in_generation(generation_low, generation_high, %(generation)s)
