-- Write the register lines given as parallel arrays (one element per micro-grid %(cell_code)s).
INSERT INTO standard_address (cell_code, compound, road, door_number, building_number, unit, full_address,
                              address_code, updated_at, updated_by)
SELECT t.*, now(), gridgov_operator()
FROM unnest(%(cell_code)s::text[], %(compound)s::text[], %(road)s::text[], %(door_number)s::text[],
            %(building_number)s::text[], %(unit)s::text[], %(full_address)s::text[], %(address_code)s::text[]) AS t
ON CONFLICT (cell_code) DO UPDATE SET
    compound = EXCLUDED.compound, road = EXCLUDED.road, door_number = EXCLUDED.door_number,
    building_number = EXCLUDED.building_number, unit = EXCLUDED.unit, full_address = EXCLUDED.full_address,
    address_code = EXCLUDED.address_code, updated_at = now(), updated_by = gridgov_operator()
