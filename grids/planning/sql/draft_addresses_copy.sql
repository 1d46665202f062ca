-- A re-coded micro-grid keeps its address under the new code; the old code's row stays (old incidents
-- and old generations still name it). Addresses of codes no cell row carries any more go.
INSERT INTO standard_address (cell_code, compound, road, door_number, building_number, unit, full_address)
SELECT m.new_code, a.compound, a.road, a.door_number, a.building_number, a.unit, a.full_address
FROM unnest(%(old_codes)s::text[], %(new_codes)s::text[]) AS m(old_code, new_code)
JOIN standard_address a ON a.cell_code = m.old_code
ON CONFLICT (cell_code) DO NOTHING;
DELETE FROM standard_address a
 WHERE a.cell_code = ANY(%(old_codes)s)
   AND NOT EXISTS (SELECT 1 FROM cell c WHERE c.code = a.cell_code);
