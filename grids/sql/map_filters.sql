-- The filter of every map query over incidents (composed into map_*.sql as {filters}): the report
-- window [since, until), the account's subtree (scope: cell codes; an incident is inside when its finest
-- placed code starts with one of them, as codes nest), an optional cell, category (a 大类 takes its 小类),
-- channel, status (a state, or 'open' / 'overdue' as kpi_stats.sql defines them at now) and bbox
-- (minlon, minlat, maxlon, maxlat in EPSG:4326, transformed to the storage CRS as PROJ does for the output,
-- so a point drawn inside the box is found by it).
reported_at >= %(since)s::timestamptz
AND reported_at < %(until)s::timestamptz
AND EXISTS (SELECT 1 FROM unnest(%(scope)s::text[]) AS root
            WHERE starts_with(coalesce(microgrid_code, grid_code, community_code, street_code, district_code), root))
AND (%(cell)s::text IS NULL
     OR starts_with(coalesce(microgrid_code, grid_code, community_code, street_code, district_code), %(cell)s))
AND (%(category)s::text IS NULL
     OR category_code IN (SELECT code FROM category WHERE code = %(category)s OR parent_code = %(category)s))
AND (%(channel)s::text IS NULL OR channel = %(channel)s)
AND (%(status)s::text IS NULL OR status = %(status)s
     OR (%(status)s = 'open' AND status IN ('reported', 'accepted', 'dispatched', 'in_progress', 'handled',
                                             'rework', 'suspended', 'extended'))
     OR (%(status)s = 'overdue' AND status IN ('dispatched', 'in_progress', 'rework', 'extended', 'suspended')
         AND deadline < coalesce(clock_paused_at, %(now)s::timestamptz)))
AND (%(bbox)s::float8[] IS NULL
     OR ST_Intersects(geom, ST_Transform(ST_MakeEnvelope((%(bbox)s::float8[])[1], (%(bbox)s::float8[])[2],
                                                          (%(bbox)s::float8[])[3], (%(bbox)s::float8[])[4], 4326),
                                         4490)))
