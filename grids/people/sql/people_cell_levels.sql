-- The level of each of the given cell codes in a generation (codes not in it are absent).
SELECT code, level
FROM cell
WHERE code = ANY(%(codes)s) AND in_generation(generation_low, generation_high, %(generation)s)
