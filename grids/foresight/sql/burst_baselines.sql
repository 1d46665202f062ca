-- Each burst's baseline: the tickets of its category within %(distance_m)s metres of its centre in the
-- %(baseline_days)s days before its first ticket. Bursts are given as parallel arrays %(lons)s, %(lats)s,
-- %(categories)s, %(firsts)s; one row per burst, in their order (k from 1).
WITH burst AS (
    SELECT k, lon, lat, category, first
    FROM unnest(%(lons)s::float8[], %(lats)s::float8[], %(categories)s::text[], %(firsts)s::timestamptz[])
         WITH ORDINALITY AS b (lon, lat, category, first, k)
)
SELECT b.k, (SELECT count(*) FROM incident i
             WHERE i.category_code = b.category
               AND i.reported_at >= b.first - make_interval(days => %(baseline_days)s) AND i.reported_at < b.first
               AND ST_DWithin(i.geom, ST_SetSRID(ST_Point(b.lon, b.lat), 4490), %(degrees)s)
               AND ST_DWithin(i.geom::geography, ST_SetSRID(ST_Point(b.lon, b.lat), 4490)::geography,
                              %(distance_m)s)) AS baseline
FROM burst b
ORDER BY b.k
