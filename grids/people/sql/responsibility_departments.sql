-- Departments by code, id (as text) or name: to resolve the department column of a responsibility list.
SELECT id, code, name FROM person WHERE role = 'department'
