-- The grids of community %(community)s in generation %(generation)s as GeoJSON (EPSG:4326, 7 decimals:
-- about 1 cm, enough to edit by) with the code and name of their grid member (the lowest person id,
-- as in grid_metrics.sql; the caller masks the name).
SELECT g.code, ST_AsGeoJSON(ST_Transform(g.geom, 4326), 7) AS geometry, m.code AS member_code, m.name AS member_name
FROM cell g
LEFT JOIN LATERAL (
    SELECT p.code, p.name FROM person_cell pc JOIN person p ON p.id = pc.person_id AND p.role = 'grid_member'
    WHERE pc.cell_code = g.code ORDER BY p.id LIMIT 1) m ON true
WHERE g.level = 'grid' AND g.parent_code = %(community)s
  AND in_generation(g.generation_low, g.generation_high, %(generation)s)
ORDER BY g.code;
