-- One cell of a generation and its ancestors (the breadcrumb: the cells whose codes are the prefixes
-- %(prefixes)s of its code, found by the code index), district first, each with its extent in EPSG:4326.
SELECT code, name, level, kind, parent_code,
       ST_XMin(b) AS minlon, ST_YMin(b) AS minlat, ST_XMax(b) AS maxlon, ST_YMax(b) AS maxlat
FROM cell
CROSS JOIN LATERAL (SELECT geom::box2d AS b) e          -- 4490 taken as 4326, as in map_cells.sql
WHERE code = ANY (%(prefixes)s::text[])
  AND in_generation(generation_low, generation_high, %(generation)s)
ORDER BY length(code);
