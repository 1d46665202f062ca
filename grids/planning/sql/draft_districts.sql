-- The districts of generation %(generation)s, by code.
SELECT code FROM cell
WHERE level = 'district' AND in_generation(generation_low, generation_high, %(generation)s)
ORDER BY code
