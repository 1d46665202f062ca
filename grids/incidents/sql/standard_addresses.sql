-- Every standard address with the cell it names (the address register).
SELECT cell_code, compound, road, door_number, building_number, unit, full_address FROM standard_address
