-- Whether gridgov's tables exist in this database (a restore goes into an empty one only).
SELECT to_regclass('public.cell') IS NOT NULL
