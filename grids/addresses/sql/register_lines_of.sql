-- The register's lines for the micro-grids %(codes)s, as they are now.
SELECT cell_code, compound, road, door_number, building_number, unit, full_address, address_code
FROM standard_address
WHERE cell_code = ANY(%(codes)s)
