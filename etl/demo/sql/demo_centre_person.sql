-- The district command centre's person (command_staff assigned to the district cell): who decides the
-- demo year's early warnings.
SELECT min(p.id)
FROM person p
JOIN person_cell pc ON pc.person_id = p.id
JOIN cell c ON c.code = pc.cell_code AND c.level = 'district' AND c.generation_high IS NULL
WHERE p.role = 'command_staff';
