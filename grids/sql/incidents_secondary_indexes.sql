-- The incident table's indexes that back no constraint (the ticket identity and the primary key stay),
-- with the statement that builds each.
SELECT index_class.relname, pg_get_indexdef(index_class.oid)
FROM pg_index x
JOIN pg_class index_class ON index_class.oid = x.indexrelid
WHERE x.indrelid = 'incident'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
ORDER BY index_class.relname
