-- The city unplaced incidents count in: the only city of generation %(generation)s, or NULL (none, or several).
SELECT CASE WHEN count(*) = 1 THEN min(code) END
FROM cell
WHERE level = 'city' AND in_generation(generation_low, generation_high, %(generation)s)
