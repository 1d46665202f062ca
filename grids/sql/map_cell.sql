-- One cell of a generation and its ancestors (the breadcrumb: every cell whose code is a prefix of it),
-- district first, each with its extent in EPSG:4326.
SELECT code, name, level, kind, parent_code,
       ST_XMin(b) AS minlon, ST_YMin(b) AS minlat, ST_XMax(b) AS maxlon, ST_YMax(b) AS maxlat
FROM cell
CROSS JOIN LATERAL (SELECT ST_Transform(geom, 4326)::box2d AS b) e
WHERE starts_with(%(code)s, code)
  AND in_generation(generation_low, generation_high, %(generation)s)
ORDER BY length(code);
