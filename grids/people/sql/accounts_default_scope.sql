-- The default scope of command staff, planners and administrators in generation %(generation)s: the city
-- when the store holds one, else the first district by code.
SELECT code FROM cell
WHERE level IN ('city', 'district') AND in_generation(generation_low, generation_high, %(generation)s)
ORDER BY level = 'city' DESC, code
LIMIT 1;
