-- The cells and people the demo accounts are made for, chosen by code so the demo stays the same:
-- the first street, its first community, and that community's first basic grid with its member;
-- each with the person of the matching role assigned to it, when there is one.
WITH street AS (
    SELECT code FROM cell WHERE level = 'street' AND generation_high IS NULL ORDER BY code LIMIT 1
), community AS (
    SELECT c.code FROM cell c, street s
    WHERE c.level = 'community' AND c.parent_code = s.code AND c.generation_high IS NULL
    ORDER BY c.code LIMIT 1
), grid AS (
    SELECT c.code FROM cell c, community m
    WHERE c.level = 'grid' AND c.kind = 'basic' AND c.parent_code = m.code AND c.generation_high IS NULL
    ORDER BY c.code LIMIT 1
)
SELECT role, code,
       (SELECT min(p.id) FROM person p JOIN person_cell pc ON pc.person_id = p.id
        WHERE pc.cell_code = picked.code AND p.role = picked.role) AS person_id
FROM (SELECT 'street_staff' AS role, code FROM street
      UNION ALL SELECT 'community_staff', code FROM community
      UNION ALL SELECT 'grid_member', code FROM grid) AS picked;
