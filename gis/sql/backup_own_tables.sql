-- Which of the named tables of the public schema are gridgov's own (not an extension's member).
SELECT c.relname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = ANY(%(names)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                               AND d.deptype = 'e')
ORDER BY c.relname
