-- Grids of %(generation)s (of community %(community)s, NULL: all) nobody is assigned to as grid member,
-- once any grid member exists ("one grid, one member"), with a point in the grid (WKT, EPSG:4490) and
-- the grid (GeoJSON, EPSG:4326).
SELECT g.code, g.level, g.kind, NULL::text AS other_code, g.area_m2, NULL::text AS detail,
       ST_AsText(ST_PointOnSurface(g.geom)) AS location, ST_AsGeoJSON(ST_Transform(g.geom, 4326), 7) AS geometry
FROM cell g
WHERE g.level = 'grid' AND in_generation(g.generation_low, g.generation_high, %(generation)s)
  AND (%(community)s::text IS NULL OR g.parent_code = %(community)s)
  AND EXISTS (SELECT 1 FROM person WHERE role = 'grid_member')
  AND NOT EXISTS (
      SELECT 1 FROM person_cell pc JOIN person p ON p.id = pc.person_id
      WHERE pc.cell_code = g.code AND p.role = 'grid_member')
ORDER BY g.code
