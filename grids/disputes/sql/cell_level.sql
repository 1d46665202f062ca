-- The level of cell %(code)s in generation %(generation)s, if it is one.
SELECT level FROM cell WHERE code = %(code)s AND in_generation(generation_low, generation_high, %(generation)s)
