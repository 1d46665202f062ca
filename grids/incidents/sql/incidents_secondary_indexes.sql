-- The incident table's indexes worth rebuilding after a bulk load, with the statement that builds each:
-- those backing no constraint (the ticket identity and the primary key stay), except the partial
-- indexes a freshly imported incident does not enter (running clocks, open cases with a handler,
-- repeats) or enters in key order (unchecked for repeats, by id): keeping those up costs next to
-- nothing, and each rebuild is a scan of the whole table.
SELECT index_class.relname, pg_get_indexdef(index_class.oid)
FROM pg_index x
JOIN pg_class index_class ON index_class.oid = x.indexrelid
WHERE x.indrelid = 'incident'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
  AND index_class.relname NOT IN ('incident_clock_running', 'incident_handler_open', 'incident_repeat_of',
                                  'incident_repeat_unchecked')
ORDER BY index_class.relname
