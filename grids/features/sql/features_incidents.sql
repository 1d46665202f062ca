-- A page of the placed incidents in a scope, by id, and the count of every match. Never a personal field:
-- no reporter_name, reporter_phone or address is read here at all; title and description are read only
-- when with_text (the caller masks the phone and ID numbers in them, grids/privacy.py).
-- scope: code prefixes of the finest placed code (NULL: all); bbox as in features_cells.sql; since, until:
-- reported_at in [since, until); id, category_code (a 大类 takes its 小类), channel, status, street_code,
-- community_code, grid_code: filters or NULL; flip: [lat, lon]; limit, offset: the page.
WITH matched AS (
    SELECT i.id
    FROM incident i
    WHERE i.placement_method IS NOT NULL
      AND i.reported_at >= %(since)s::timestamptz AND i.reported_at < %(until)s::timestamptz
      AND (%(scope)s::text[] IS NULL
           OR coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code, i.district_code)
              ^@ ANY (%(scope)s::text[]))
      AND (%(bbox)s::float8[] IS NULL
           OR ST_Intersects(i.geom, ST_MakeEnvelope((%(bbox)s::float8[])[1], (%(bbox)s::float8[])[2],
                                                    (%(bbox)s::float8[])[3], (%(bbox)s::float8[])[4], 4490)))
      AND (%(id)s::bigint IS NULL OR i.id = %(id)s)
      AND (%(category_code)s::text IS NULL OR i.category_code IN
           (SELECT code FROM category WHERE code = %(category_code)s OR parent_code = %(category_code)s))
      AND (%(channel)s::text IS NULL OR i.channel = %(channel)s)
      AND (%(status)s::text IS NULL OR i.status = %(status)s)
      AND (%(street_code)s::text IS NULL OR i.street_code = %(street_code)s)
      AND (%(community_code)s::text IS NULL OR i.community_code = %(community_code)s)
      AND (%(grid_code)s::text IS NULL OR i.grid_code = %(grid_code)s)
), page AS (
    SELECT id FROM matched ORDER BY id LIMIT %(limit)s OFFSET %(offset)s
)
SELECT counted.matched, i.id, i.channel, i.source_ref, i.reported_at, i.category_code,
       c.name AS category_name, i.status, i.district_code, i.street_code, i.community_code, i.grid_code,
       i.microgrid_code, i.placement_level, i.deadline, i.closed_at,
       CASE WHEN %(with_text)s THEN i.title END AS title, CASE WHEN %(with_text)s THEN i.description END AS description,
       ST_AsGeoJSON(CASE WHEN %(flip)s THEN ST_FlipCoordinates(i.geom) ELSE i.geom END, 7) AS geometry
FROM (SELECT count(*) AS matched FROM matched) AS counted
LEFT JOIN page p ON true
LEFT JOIN incident i ON i.id = p.id
LEFT JOIN category c ON c.code = i.category_code
ORDER BY i.id
