-- One line of the responsibility list: category %(category)s is handled by department %(department)s.
INSERT INTO responsibility (category_code, department_person_id, matter, basis, updated_at)
VALUES (%(category)s, %(department)s, %(matter)s, %(basis)s, now())
ON CONFLICT (category_code) DO UPDATE SET
    department_person_id = EXCLUDED.department_person_id, matter = EXCLUDED.matter, basis = EXCLUDED.basis,
    updated_at = now(), operator = gridgov_operator()
