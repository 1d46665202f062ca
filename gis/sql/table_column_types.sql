-- The declared type of each column of a table, as binary COPY has to send it.
SELECT attname, format_type(atttypid, atttypmod)
FROM pg_attribute
WHERE attrelid = %(table)s::regclass AND attnum > 0 AND NOT attisdropped
