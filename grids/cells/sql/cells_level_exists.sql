-- Whether generation %(generation)s holds any cell of %(level)s.
SELECT EXISTS (SELECT 1 FROM cell WHERE level = %(level)s AND in_generation(generation_low, generation_high, %(generation)s))
