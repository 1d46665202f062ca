-- Skip-level visits (skip_level_visit, 026) visited in [%(since)s, %(until)s) counted per origin cell at
-- %(level)s (the ancestor codes stored at import) under %(within)s (NULL: all), each with a point inside
-- the cell of generation %(generation)s (NULL: the cells still valid) (EPSG:4490 read as 4326, as in map_cells.sql) and its name.
WITH v AS (
    SELECT CASE %(level)s WHEN 'district' THEN origin_district_code WHEN 'street' THEN origin_street_code
                          WHEN 'community' THEN origin_community_code ELSE origin_grid_code END AS code,
           level
    FROM skip_level_visit
    WHERE visited_on >= %(since)s AND visited_on < %(until)s
      AND (%(within)s::text IS NULL OR origin_cell_code ^@ %(within)s::text
           OR %(within)s::text ^@ origin_cell_code)
), counted AS (
    SELECT code, count(*) FILTER (WHERE level = 'city') AS city,
           count(*) FILTER (WHERE level = 'province') AS province,
           count(*) FILTER (WHERE level = 'beijing') AS beijing, count(*) AS total
    FROM v
    WHERE code IS NOT NULL AND (%(within)s::text IS NULL OR code ^@ %(within)s::text)
    GROUP BY code
)
SELECT counted.code, c.name, ST_X(p) AS lon, ST_Y(p) AS lat, counted.city, counted.province, counted.beijing,
       counted.total
FROM counted
JOIN cell c ON c.code = counted.code
           AND (in_generation(c.generation_low, c.generation_high, %(generation)s)
                OR %(generation)s::int IS NULL AND c.generation_high IS NULL)   -- before the first publication
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(c.geom) AS p) s
ORDER BY counted.total DESC, counted.code
