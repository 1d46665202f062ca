-- Grid members assigned to more than %(max_grids)s grids of %(generation)s ("one grid, one member": a
-- member may cover a few small grids, not many). The person stands where a cell code would; a person
-- has no place, so no location or geometry.
WITH live AS (
    SELECT code FROM cell
    WHERE level = 'grid' AND in_generation(generation_low, generation_high, %(generation)s)
)
SELECT coalesce(p.code, p.id::text) AS code, 'person' AS level, NULL::text AS kind,
       string_agg(pc.cell_code, ',' ORDER BY pc.cell_code) AS other_code, NULL::double precision AS area_m2,
       format('%%s (%%s grids, at most %%s)', p.name, count(*), %(max_grids)s) AS detail,
       NULL::text AS location, NULL::text AS geometry
FROM person p
JOIN person_cell pc ON pc.person_id = p.id
JOIN live g ON g.code = pc.cell_code
WHERE p.role = 'grid_member'
GROUP BY p.id
HAVING count(*) > %(max_grids)s
ORDER BY 1
