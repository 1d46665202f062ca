-- The register of generation %(generation)s for an export: each line with its micro-grid's community,
-- street and district names and a point inside the micro-grid (EPSG:4490).
SELECT d.name AS district, s.name AS street, cm.name AS community, a.road, a.door_number, a.compound,
       a.building_number, a.unit, a.full_address, a.address_code, a.cell_code,
       ST_X(ST_PointOnSurface(m.geom)) AS lon, ST_Y(ST_PointOnSurface(m.geom)) AS lat
FROM standard_address a
JOIN cell m ON m.code = a.cell_code AND in_generation(m.generation_low, m.generation_high, %(generation)s)
LEFT JOIN cell b ON b.code = CASE WHEN m.kind = 'stairwell' THEN m.parent_code ELSE m.code END
     AND in_generation(b.generation_low, b.generation_high, %(generation)s)
LEFT JOIN cell g ON g.code = b.parent_code AND in_generation(g.generation_low, g.generation_high, %(generation)s)
LEFT JOIN cell cm ON cm.code = g.parent_code AND in_generation(cm.generation_low, cm.generation_high, %(generation)s)
LEFT JOIN cell s ON s.code = cm.parent_code AND in_generation(s.generation_low, s.generation_high, %(generation)s)
LEFT JOIN cell d ON d.code = s.parent_code AND in_generation(d.generation_low, d.generation_high, %(generation)s)
ORDER BY a.cell_code
