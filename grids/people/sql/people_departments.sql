-- Every department, with its open cases (their load) and the categories the responsibility list gives it.
SELECT p.id, p.code, p.name,
       (SELECT count(*) FROM incident i WHERE i.handler_person_id = p.id
          AND i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')) AS open_cases,
       coalesce((SELECT array_agg(r.category_code ORDER BY r.category_code) FROM responsibility r
                 WHERE r.department_person_id = p.id), '{}') AS listed_categories
FROM person p
WHERE p.role = 'department'
ORDER BY p.code NULLS LAST, p.id
