-- The lines micro-grid %(cell_code)s had before, newest first, with the import that replaced each.
SELECT h.full_address, h.compound, h.road, h.door_number, h.building_number, h.unit, h.address_code,
       h.valid_until, h.operator, i.source
FROM standard_address_history h LEFT JOIN address_import i ON i.id = h.replaced_by
WHERE h.cell_code = %(cell_code)s
ORDER BY h.valid_until DESC, h.id DESC
