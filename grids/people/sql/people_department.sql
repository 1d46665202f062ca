-- The department that handles a category: the responsibility list (权责清单) for the category, else
-- for its parent; then a department assigned the category (else its parent) in the people file —
-- among several, the one with the fewest open cases, then the oldest record.
WITH asked AS (SELECT code, parent_code FROM category WHERE code = %(category)s),
listed AS (
    SELECT p.id, p.code, p.name, p.role, r.category_code, 0 AS source, (r.category_code = a.code) AS own
    FROM asked a
    JOIN responsibility r ON r.category_code IN (a.code, a.parent_code)
    JOIN person p ON p.id = r.department_person_id AND p.role = 'department'
), assigned AS (
    SELECT p.id, p.code, p.name, p.role, pk.category_code, 1 AS source, (pk.category_code = a.code) AS own
    FROM asked a
    JOIN person_category pk ON pk.category_code IN (a.code, a.parent_code)
    JOIN person p ON p.id = pk.person_id AND p.role = 'department'
)
SELECT c.id, c.code, c.name, c.role, c.category_code,
       (SELECT count(*) FROM incident i WHERE i.handler_person_id = c.id
          AND i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')) AS open_cases
FROM (SELECT * FROM listed UNION ALL SELECT * FROM assigned) c
ORDER BY c.own DESC, c.source, open_cases, c.id
LIMIT 1
