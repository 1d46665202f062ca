-- Drop the draft: rows born in it go; rows it ended (ended at the current generation, which every
-- row valid in it left open when it was published) are open again.
DELETE FROM cell WHERE generation_low = %(draft)s;
UPDATE cell SET generation_high = NULL WHERE generation_high = %(draft)s - 1;
DELETE FROM boundary_import WHERE generation_id = %(draft)s;
DELETE FROM generation WHERE id = %(draft)s;
