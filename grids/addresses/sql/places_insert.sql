-- Add the names given as parallel arrays, from import %(import_id)s.
INSERT INTO place_name (name, kind, cell_code, compound, import_id)
SELECT t.name, t.kind, t.cell_code, t.compound, %(import_id)s
FROM unnest(%(name)s::text[], %(kind)s::text[], %(cell_code)s::text[], %(compound)s::text[])
     AS t(name, kind, cell_code, compound)
