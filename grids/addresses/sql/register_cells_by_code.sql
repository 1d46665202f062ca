-- The building and stairwell micro-grids of generation %(generation)s among the codes %(codes)s, with their kind.
SELECT code, kind
FROM cell
WHERE code = ANY(%(codes)s) AND level = 'microgrid'
  AND in_generation(generation_low, generation_high, %(generation)s)
