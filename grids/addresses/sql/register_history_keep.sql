-- Keep the lines of the micro-grids %(codes)s as they are, before import %(import_id)s replaces them.
INSERT INTO standard_address_history (cell_code, compound, road, door_number, building_number, unit,
                                      full_address, address_code, replaced_by)
SELECT cell_code, compound, road, door_number, building_number, unit, full_address, address_code, %(import_id)s
FROM standard_address
WHERE cell_code = ANY(%(codes)s)
