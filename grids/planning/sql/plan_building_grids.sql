-- Every building micro-grid of a generation with the basic grid and community it belongs to and its
-- standard address (optionally one community): the building → grid table planners exchange.
SELECT b.code AS building_code, b.name AS building_name, g.code AS grid_code, g.name AS grid_name,
       c.code AS community_code, c.name AS community_name, b.households, b.population,
       a.full_address AS address
FROM cell b
JOIN cell g ON g.code = b.parent_code AND g.level = 'grid'
 AND in_generation(g.generation_low, g.generation_high, %(generation)s)
LEFT JOIN cell c ON c.code = g.parent_code AND c.level = 'community'
 AND in_generation(c.generation_low, c.generation_high, %(generation)s)
LEFT JOIN standard_address a ON a.cell_code = b.code
WHERE b.level = 'microgrid' AND b.kind = 'building'
  AND in_generation(b.generation_low, b.generation_high, %(generation)s)
  AND (%(community)s::text IS NULL OR g.parent_code = %(community)s)
ORDER BY b.code
