-- The districts of city %(city)s in generation %(generation)s (their codes share its first four digits).
SELECT code FROM cell
WHERE level = 'district' AND in_generation(generation_low, generation_high, %(generation)s)
  AND left(code, 4) = left(%(city)s, 4)
ORDER BY code
