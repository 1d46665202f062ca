-- Every grid member with the cell codes assigned to them (any generation's: a code is a grid of a
-- generation or not), members without a cell included (they count in the means, as in grids.cases.workload).
SELECT p.id, p.code, coalesce(array_agg(pc.cell_code ORDER BY pc.cell_code) FILTER (WHERE pc.cell_code IS NOT NULL),
                              '{}') AS cells
FROM person p
LEFT JOIN person_cell pc ON pc.person_id = p.id
WHERE p.role = 'grid_member'
GROUP BY p.id
ORDER BY p.id
