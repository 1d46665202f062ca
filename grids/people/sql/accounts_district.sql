-- The district of the given generation (the scope of command staff, planners and administrators).
SELECT code FROM cell
WHERE level = 'district' AND in_generation(generation_low, generation_high, %(generation)s)
ORDER BY code
LIMIT 1;
