-- The responsibility list (权责清单): every listed category with its department, matter and basis.
SELECT r.category_code, c.name AS category_name, r.department_person_id, p.code AS department_code,
       p.name AS department_name, r.matter, r.basis, r.updated_at, r.operator
FROM responsibility r
JOIN category c ON c.code = r.category_code
JOIN person p ON p.id = r.department_person_id
ORDER BY r.category_code
