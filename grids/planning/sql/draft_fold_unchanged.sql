-- Rows the draft wrote that are identical to the published row they ended (a building moved back to
-- its grid, a grid given back its boundary): the published row is valid again, the copy goes.
DROP TABLE IF EXISTS draft_fold;
CREATE TEMP TABLE draft_fold ON COMMIT DROP AS
SELECT b.id AS born_id, e.id AS ended_id
FROM cell b
JOIN cell e ON e.code = b.code AND e.generation_high = %(draft)s - 1
WHERE b.generation_low = %(draft)s AND b.code = ANY(%(codes)s)
  AND b.name = e.name AND b.kind IS NOT DISTINCT FROM e.kind
  AND b.parent_code IS NOT DISTINCT FROM e.parent_code
  AND b.households IS NOT DISTINCT FROM e.households AND b.population IS NOT DISTINCT FROM e.population
  AND b.attributes = e.attributes AND ST_Equals(b.geom, e.geom);
DELETE FROM cell WHERE id IN (SELECT born_id FROM draft_fold);
UPDATE cell SET generation_high = NULL WHERE id IN (SELECT ended_id FROM draft_fold);
