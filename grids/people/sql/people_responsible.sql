-- Who handles a case in a cell: a person of one of the roles (in the order given) assigned to the
-- cell; among several, the one with the fewest open cases, then the oldest record.
SELECT p.id, p.code, p.name, p.role, pc.cell_code,
       (SELECT count(*) FROM incident i WHERE i.handler_person_id = p.id
          AND i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')) AS open_cases
FROM person p
JOIN person_cell pc ON pc.person_id = p.id
WHERE pc.cell_code = %(cell)s AND p.role = ANY(%(roles)s)
ORDER BY array_position(%(roles)s, p.role), open_cases, p.id
LIMIT 1
