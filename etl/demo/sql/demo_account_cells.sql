-- The cells and people the demo accounts are made for: the demo member's grid %(grid)s, its community,
-- its street and the district; each with the person of the matching role assigned to it, when there is
-- one; and the first department (by code) for the department account.
WITH grid AS (
    SELECT code, parent_code FROM cell WHERE code = %(grid)s AND level = 'grid' AND generation_high IS NULL
), community AS (
    SELECT c.code, c.parent_code FROM cell c JOIN grid g ON c.code = g.parent_code
    WHERE c.level = 'community' AND c.generation_high IS NULL
), street AS (
    SELECT c.code, c.parent_code FROM cell c JOIN community m ON c.code = m.parent_code
    WHERE c.level = 'street' AND c.generation_high IS NULL
)
SELECT role, code,
       (SELECT min(p.id) FROM person p JOIN person_cell pc ON pc.person_id = p.id
        WHERE pc.cell_code = picked.code AND p.role = picked.role) AS person_id
FROM (SELECT 'street_staff' AS role, code FROM street
      UNION ALL SELECT 'community_staff', code FROM community
      UNION ALL SELECT 'grid_member', code FROM grid
      UNION ALL SELECT 'command_staff', parent_code FROM street) AS picked
UNION ALL
SELECT 'department', NULL, (SELECT id FROM person WHERE role = 'department' ORDER BY code LIMIT 1);
