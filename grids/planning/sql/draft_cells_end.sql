-- End cells in the draft: rows born in the draft go (they were never published), published rows
-- valid in the draft end at the generation before it.
DELETE FROM cell WHERE code = ANY(%(codes)s) AND generation_low = %(draft)s;
UPDATE cell SET generation_high = %(draft)s - 1
 WHERE code = ANY(%(codes)s) AND generation_low < %(draft)s AND generation_high IS NULL;
