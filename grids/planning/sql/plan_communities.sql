-- The communities of generation %(generation)s, by code, with the name of their street.
SELECT c.code, c.name, s.name AS street_name
FROM cell c
LEFT JOIN cell s ON s.code = c.parent_code AND s.level = 'street'
                AND in_generation(s.generation_low, s.generation_high, %(generation)s)
WHERE c.level = 'community' AND in_generation(c.generation_low, c.generation_high, %(generation)s)
ORDER BY c.code;
