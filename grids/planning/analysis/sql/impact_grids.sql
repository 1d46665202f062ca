-- The grids of generation %(generation)s with what a replay needs: community, households (the grid's
-- own figure, else the sum of its building micro-grids'), its grid member (lowest id) and whether the
-- row differs from generation %(other)s (changed, added or removed between the two).
WITH grids AS (
    SELECT code, name, kind, parent_code, households,
           NOT in_generation(generation_low, generation_high, %(other)s) AS changed
    FROM cell
    WHERE level = 'grid' AND in_generation(generation_low, generation_high, %(generation)s)
),
building_households AS (
    SELECT b.parent_code AS code, sum(b.households) AS households
    FROM cell b
    WHERE b.level = 'microgrid' AND b.kind = 'building'
      AND in_generation(b.generation_low, b.generation_high, %(generation)s)
      AND b.parent_code IN (SELECT code FROM grids WHERE households IS NULL)
    GROUP BY b.parent_code
),
members AS (
    SELECT pc.cell_code, min(p.id) AS member
    FROM person_cell pc JOIN person p ON p.id = pc.person_id AND p.role = 'grid_member'
    GROUP BY pc.cell_code
)
SELECT g.code, g.name, g.kind, g.parent_code AS community_code,
       coalesce(g.households, bh.households, 0) AS households, m.member, g.changed
FROM grids g
LEFT JOIN building_households bh ON bh.code = g.code
LEFT JOIN members m ON m.cell_code = g.code
ORDER BY g.code
