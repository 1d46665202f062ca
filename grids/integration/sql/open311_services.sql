-- The Open311 services: every category, its code as service_code, its top category's name as group.
SELECT c.code, c.name, c.name_en, coalesce(top.name, c.name) AS group_name, c.parent_code IS NULL AS is_group
FROM category c
LEFT JOIN category top ON top.code = c.parent_code
ORDER BY c.code
