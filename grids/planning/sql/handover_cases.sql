-- Open cases handled at grid level whose grid changed in the new generation (removed, or a new
-- version), with the grid of the new generation that takes them over: the one holding the incident's
-- point (a grid of the same kind first, then the lowest code: the edge rule), else the one of the
-- same kind holding most of the old grid's area. Incidents keep their own cell codes.
WITH changed AS (
    SELECT o.code, o.kind, o.geom
    FROM cell o
    WHERE o.level = 'grid' AND in_generation(o.generation_low, o.generation_high, %(base)s)
      AND NOT in_generation(o.generation_low, o.generation_high, %(new)s)
)
SELECT i.id, i.status, i.case_version, i.handler_cell_code, i.handler_person_id,
       coalesce(
           (SELECT g.code FROM cell g
            WHERE i.geom IS NOT NULL AND g.level = 'grid' AND ST_Covers(g.geom, i.geom)
              AND in_generation(g.generation_low, g.generation_high, %(new)s)
            ORDER BY g.kind <> c.kind, g.code
            LIMIT 1),
           (SELECT g.code FROM cell g
            WHERE g.level = 'grid' AND g.kind = c.kind AND ST_Intersects(g.geom, c.geom)
              AND in_generation(g.generation_low, g.generation_high, %(new)s)
            ORDER BY ST_Area(ST_Intersection(g.geom, c.geom)) DESC, g.code
            LIMIT 1)) AS new_cell_code
FROM incident i
JOIN changed c ON c.code = i.handler_cell_code
WHERE i.handler_level = 'grid' AND i.status = ANY(%(open)s)
ORDER BY i.id
