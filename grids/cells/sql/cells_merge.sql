-- Merge the staged cells into generation %(generation)s without overwriting history:
--   added     : no row of that code is valid in the generation -> new row
--   unchanged : identical name, parent, figures and attributes, same geometry (see cells.py) -> nothing
--   changed   : a row born in this (draft) generation is updated in place; a row carried forward
--               from a published generation is ended at generation - 1 and a new row starts here.
DROP TABLE IF EXISTS cell_merge;
CREATE TEMP TABLE cell_merge ON COMMIT DROP AS
SELECT s.*, c.id AS existing_id, c.generation_low AS existing_low,
       CASE
           WHEN c.id IS NULL THEN 'added'
           WHEN c.name = s.name
            AND c.kind IS NOT DISTINCT FROM s.kind
            AND c.parent_code IS NOT DISTINCT FROM s.parent_code
            AND c.households IS NOT DISTINCT FROM s.households
            AND c.population IS NOT DISTINCT FROM s.population
            AND c.attributes = s.attributes
            AND s.same_geometry THEN 'unchanged'
           ELSE 'changed'
       END AS status
FROM cell_stage s
LEFT JOIN cell c
  ON c.code = s.code
 AND in_generation(c.generation_low, c.generation_high, %(generation)s);

UPDATE cell c
   SET generation_high = %(generation)s - 1
  FROM cell_merge m
 WHERE m.status = 'changed' AND m.existing_low < %(generation)s AND c.id = m.existing_id;

UPDATE cell c
   SET name = m.name, kind = m.kind, parent_code = m.parent_code, households = m.households,
       population = m.population, attributes = m.attributes, geom = m.geom
  FROM cell_merge m
 WHERE m.status = 'changed' AND m.existing_low = %(generation)s AND c.id = m.existing_id;

INSERT INTO cell (code, level, kind, name, parent_code, households, population, attributes, geom,
                  generation_low, generation_high)
SELECT code, level, kind, name, parent_code, households, population, attributes, geom,
       %(generation)s, NULL
FROM cell_merge
WHERE status = 'added' OR (status = 'changed' AND existing_low < %(generation)s);

SELECT status, count(*) FROM cell_merge GROUP BY status;
