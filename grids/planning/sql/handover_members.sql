-- Hand grid assignments over: the chosen people get their new grid, nobody keeps a removed grid, and
-- assignments to re-coded micro-grids (building heads) follow the generation's code change log.
INSERT INTO person_cell (person_id, cell_code)
SELECT h.person_id, h.new_code
FROM unnest(%(person_ids)s::bigint[], %(new_codes)s::text[]) AS h(person_id, new_code)
ON CONFLICT DO NOTHING;
DELETE FROM person_cell WHERE cell_code = ANY(%(removed)s);
INSERT INTO person_cell (person_id, cell_code)
SELECT pc.person_id, cc.new_code
FROM person_cell pc
JOIN code_change cc ON cc.old_code = pc.cell_code AND cc.generation_id = %(new)s AND cc.level = 'microgrid'
WHERE cc.new_code IS NOT NULL
ON CONFLICT DO NOTHING;
DELETE FROM person_cell pc
 USING code_change cc
 WHERE cc.old_code = pc.cell_code AND cc.generation_id = %(new)s AND cc.level = 'microgrid';
