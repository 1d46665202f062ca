-- The foreign keys of a table with their definitions, to drop for a bulk load and add back after.
SELECT conname, pg_get_constraintdef(oid)
FROM pg_constraint
WHERE conrelid = %(table)s::regclass AND contype = 'f'
ORDER BY conname
