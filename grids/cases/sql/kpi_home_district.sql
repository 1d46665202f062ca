-- The district unplaced incidents count in: the only district of generation %(generation)s, or NULL when
-- it has several (an incident placed nowhere cannot be given to one of them).
SELECT CASE WHEN count(*) = 1 THEN min(code) END
FROM cell
WHERE level = 'district' AND in_generation(generation_low, generation_high, %(generation)s)
