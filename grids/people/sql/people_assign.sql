-- Replace a person's assignments: cells (grids, micro-grids, a community or street subtree) and
-- categories (a department).
DELETE FROM person_cell WHERE person_id = %(person)s;
DELETE FROM person_category WHERE person_id = %(person)s;
INSERT INTO person_cell (person_id, cell_code) SELECT %(person)s, unnest(%(cells)s::text[]);
INSERT INTO person_category (person_id, category_code) SELECT %(person)s, unnest(%(categories)s::text[]);
