-- The cells of generation %(generation)s among the codes %(codes)s, with their level.
SELECT code, level FROM cell
WHERE code = ANY(%(codes)s) AND in_generation(generation_low, generation_high, %(generation)s)
