-- Grids nobody is assigned to as grid member, once any grid member exists ("one grid, one member").
WITH live AS (
    SELECT * FROM cell WHERE in_generation(generation_low, generation_high, %(generation)s)
)
SELECT g.code, g.level, g.kind, NULL::text AS other_code, g.area_m2,
       ST_AsText(ST_PointOnSurface(g.geom)) AS location, NULL::text AS detail
FROM live g
WHERE g.level = 'grid'
  AND EXISTS (SELECT 1 FROM person WHERE role = 'grid_member')
  AND NOT EXISTS (
      SELECT 1 FROM person_cell pc JOIN person p ON p.id = pc.person_id
      WHERE pc.cell_code = g.code AND p.role = 'grid_member')
ORDER BY g.code
