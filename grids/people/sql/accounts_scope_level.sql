-- The level of the cell %(code)s in generation %(generation)s (no row: no such cell).
SELECT level FROM cell WHERE code = %(code)s AND in_generation(generation_low, generation_high, %(generation)s)
LIMIT 1
