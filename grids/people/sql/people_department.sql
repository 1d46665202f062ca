-- The department that handles a category: one assigned to the category itself, else to its parent;
-- among several, the one with the fewest open cases, then the oldest record.
SELECT p.id, p.code, p.name, p.role, pk.category_code,
       (SELECT count(*) FROM incident i WHERE i.handler_person_id = p.id
          AND i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')) AS open_cases
FROM category c
JOIN person_category pk ON pk.category_code IN (c.code, c.parent_code)
JOIN person p ON p.id = pk.person_id AND p.role = 'department'
WHERE c.code = %(category)s
ORDER BY pk.category_code = c.code DESC, open_cases, p.id
LIMIT 1
