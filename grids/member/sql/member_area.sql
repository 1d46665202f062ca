-- A grid member's area in a generation: their grids and every building and stairwell in them, with the
-- standard address, households and the building heads (楼长/楼道长) assigned to each micro-grid, their
-- names and phones (the member calls them: needed, so not masked). Geometry as GeoJSON in EPSG:4326,
-- 6 decimals (~0.1 m). The scope roots are grid codes; micro-grid codes start with their grid's.
SELECT c.code, c.name, c.level, c.kind, c.parent_code, c.households, c.population, c.area_m2,
       a.full_address, a.compound, a.road, a.door_number, a.building_number, a.unit,
       coalesce((SELECT json_agg(json_build_object('name', p.name, 'phone', p.phone) ORDER BY p.code, p.id)
                 FROM person_cell pc JOIN person p ON p.id = pc.person_id AND p.role = 'building_head'
                 WHERE pc.cell_code = c.code), '[]') AS heads,
       ST_AsGeoJSON(ST_Transform(c.geom, 4326), 6) AS geometry
FROM cell c
LEFT JOIN standard_address a ON a.cell_code = c.code
WHERE c.level IN ('grid', 'microgrid')
  AND in_generation(c.generation_low, c.generation_high, %(generation)s)
  AND EXISTS (SELECT 1 FROM unnest(%(scope)s::text[]) AS root WHERE starts_with(c.code, root))
ORDER BY c.level, c.code
