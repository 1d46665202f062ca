-- The gazetteer's current names: what each means (a cell, or a compound of the register).
SELECT name, kind, cell_code, compound FROM place_name WHERE retired_at IS NULL ORDER BY name
