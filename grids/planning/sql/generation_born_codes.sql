-- The codes of the cells generation %(generation)s stored versions of (new or changed there).
SELECT DISTINCT code FROM cell WHERE generation_low = %(generation)s
