-- How many cells of one level are the same version in both generations.
SELECT count(*)
FROM cell
WHERE level = %(level)s
  AND in_generation(generation_low, generation_high, %(a)s)
  AND in_generation(generation_low, generation_high, %(b)s)
  AND (%(within)s::text IS NULL OR starts_with(code, %(within)s))
