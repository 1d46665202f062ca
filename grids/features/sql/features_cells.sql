-- A page of the cells of one level valid in one generation, as GeoJSON features built here (json_agg:
-- a 1,000-grid page is one round trip and no per-row Python), and the count of every match.
-- level, generation: which cells; scope: code prefixes (NULL: all); bbox: minlon, minlat, maxlon, maxlat
-- (CGCS2000 = CRS84 numbers, gis/crs.py) or NULL; code, parent_code, kind: property filters or NULL;
-- flip: write [lat, lon] (EPSG:4490's axis order) instead of [lon, lat]; limit, offset: the page, by code.
-- `matched` keeps only ids (no geometry) since it is read twice: counted and paged.
WITH matched AS (
    SELECT c.id, c.code
    FROM cell c
    WHERE c.level = %(level)s
      AND in_generation(c.generation_low, c.generation_high, %(generation)s)
      AND (%(scope)s::text[] IS NULL OR c.code ^@ ANY (%(scope)s::text[]))
      AND (%(bbox)s::float8[] IS NULL
           OR ST_Intersects(c.geom, ST_MakeEnvelope((%(bbox)s::float8[])[1], (%(bbox)s::float8[])[2],
                                                    (%(bbox)s::float8[])[3], (%(bbox)s::float8[])[4], 4490)))
      AND (%(code)s::text IS NULL OR c.code = %(code)s)
      AND (%(parent_code)s::text IS NULL OR c.parent_code = %(parent_code)s)
      AND (%(kind)s::text IS NULL OR c.kind = %(kind)s)
), page AS (
    SELECT id, code FROM matched ORDER BY code LIMIT %(limit)s OFFSET %(offset)s
)
SELECT (SELECT count(*) FROM matched) AS matched,
       (SELECT coalesce(json_agg(json_build_object(
                   'type', 'Feature', 'id', c.code,
                   'geometry', ST_AsGeoJSON(CASE WHEN %(flip)s THEN ST_FlipCoordinates(c.geom) ELSE c.geom END, 7)::json,
                   'properties', json_build_object(
                       'code', c.code, 'name', c.name, 'level', c.level, 'kind', c.kind,
                       'parent_code', c.parent_code, 'households', c.households, 'population', c.population,
                       'area_m2', round(c.area_m2::numeric, 1), 'valid_from_generation', c.generation_low,
                       'valid_to_generation', c.generation_high))
                   ORDER BY c.code), '[]'::json)
        FROM page p JOIN cell c ON c.id = p.id)::text AS features
