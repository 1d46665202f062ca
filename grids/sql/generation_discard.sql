-- Drop a draft: rows born in it go, rows carried into it end where they ended before.
DELETE FROM cell WHERE generation_low = %(draft)s;
UPDATE cell SET generation_high = %(draft)s - 1 WHERE generation_high = %(draft)s;
DELETE FROM boundary_import WHERE generation_id = %(draft)s;
DELETE FROM generation WHERE id = %(draft)s;
