-- People with their cells, categories and open cases (optionally of one role, or assigned to one cell).
SELECT p.id, p.code, p.name, p.phone, p.role,
       coalesce((SELECT array_agg(pc.cell_code ORDER BY pc.cell_code) FROM person_cell pc
                 WHERE pc.person_id = p.id), '{}') AS cells,
       coalesce((SELECT array_agg(pk.category_code ORDER BY pk.category_code) FROM person_category pk
                 WHERE pk.person_id = p.id), '{}') AS categories,
       (SELECT count(*) FROM incident i WHERE i.handler_person_id = p.id
          AND i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')) AS open_cases
FROM person p
WHERE (%(role)s::text IS NULL OR p.role = %(role)s)
  AND (%(cell)s::text IS NULL OR EXISTS (SELECT 1 FROM person_cell pc
                                         WHERE pc.person_id = p.id AND pc.cell_code = %(cell)s))
ORDER BY p.role, p.code NULLS LAST, p.id
