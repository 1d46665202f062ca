-- The spatial clusters of bursts (grids/foresight/bursts.py): for every window of %(window_days)s days
-- ending at %(first_end)s, %(first_end)s + %(step_days)s days, … up to %(last_end)s, the tickets of each
-- category under %(categories)s (a list of codes or group prefixes, or NULL for all) with a point, clustered with PostGIS's
-- DBSCAN (eps %(distance_m)s metres, %(min_points)s tickets within it for a core) on a local plane
-- (metres: longitude × 111,320 × cos(latitude), latitude × 110,574 — within a few metres over a
-- district). Only the (window, category) pairs holding %(min_points)s tickets or more are clustered,
-- and only clustered tickets are returned. reporter: who reported it, for counting distinct reporters —
-- the phone's digits (full-width ones read as digits; the last 11: +86 and spaces dropped) hashed, else the name, else the ticket
-- itself (an anonymous ticket is one reporter of its own).
WITH tickets AS (
    SELECT i.id, i.category_code, i.reported_at, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
           ST_MakePoint(ST_X(i.geom) * 111320 * cos(radians(ST_Y(i.geom))), ST_Y(i.geom) * 110574) AS plane,
           CASE WHEN length(regexp_replace(translate(coalesce(i.reporter_phone, ''), '０１２３４５６７８９', '0123456789'), '\D', '', 'g')) >= 7
                    THEN 'p:' || md5(right(regexp_replace(translate(i.reporter_phone, '０１２３４５６７８９', '0123456789'), '\D', '', 'g'), 11))
                WHEN nullif(btrim(i.reporter_name), '') IS NOT NULL THEN 'n:' || btrim(i.reporter_name)
                ELSE 'i:' || i.id END AS reporter
    FROM incident i
    WHERE i.reported_at >= %(first_end)s::timestamptz - make_interval(days => %(window_days)s)
      AND i.reported_at < %(last_end)s AND i.geom IS NOT NULL AND i.category_code IS NOT NULL
      AND (%(categories)s::text[] IS NULL
           OR EXISTS (SELECT 1 FROM unnest(%(categories)s::text[]) c WHERE starts_with(i.category_code, c)))
), ends AS (
    SELECT generate_series(%(first_end)s::timestamptz, %(last_end)s::timestamptz,
                           make_interval(days => %(step_days)s)) AS window_end
), windowed AS (
    SELECT e.window_end, t.*, count(*) OVER (PARTITION BY e.window_end, t.category_code) AS in_pair
    FROM ends e
    JOIN tickets t ON t.reported_at >= e.window_end - make_interval(days => %(window_days)s)
                  AND t.reported_at < e.window_end
), clustered AS (
    SELECT window_end, id, category_code, reported_at, lon, lat, reporter,
           ST_ClusterDBSCAN(plane, eps := %(distance_m)s, minpoints := %(min_points)s)
               OVER (PARTITION BY window_end, category_code) AS cluster
    FROM windowed
    WHERE in_pair >= %(min_points)s
)
SELECT window_end, cluster, id, category_code, reported_at, lon, lat, reporter
FROM clustered
WHERE cluster IS NOT NULL
ORDER BY window_end, category_code, cluster, reported_at, id
