-- The dispute types, in the list's order (inactive ones too: old disputes keep their type).
SELECT code, name, category_code, position, active FROM dispute_type ORDER BY position, code
