-- The grids a person is assigned to, as of the given generation (a grid member's subtree).
SELECT pc.cell_code
FROM person_cell pc
JOIN cell c ON c.code = pc.cell_code AND c.level = 'grid'
     AND in_generation(c.generation_low, c.generation_high, %(generation)s)
WHERE pc.person_id = %(person_id)s
ORDER BY pc.cell_code;
