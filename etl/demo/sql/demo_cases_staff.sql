-- Who is assigned where: one row per person and cell (grid members, staff) or category (departments).
SELECT p.id, p.role, pc.cell_code, NULL AS category_code
FROM person p JOIN person_cell pc ON pc.person_id = p.id
WHERE p.role IN ('grid_member', 'community_staff', 'street_staff', 'command_staff')
UNION ALL
SELECT p.id, p.role, NULL, pk.category_code
FROM person p JOIN person_category pk ON pk.person_id = p.id
WHERE p.role = 'department'
ORDER BY 1, 3, 4
