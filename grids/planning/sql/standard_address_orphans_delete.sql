-- Forget the standard addresses of the cells %(codes)s that no generation holds any more
-- (a discarded draft's new cells).
DELETE FROM standard_address a
WHERE a.cell_code = ANY(%(codes)s)
  AND NOT EXISTS (SELECT 1 FROM cell c WHERE c.code = a.cell_code)
