-- The tickets %(ids)s as the detector counts them (the reporter key as burst_clusters.sql).
SELECT i.id, i.category_code, i.reported_at, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       CASE WHEN length(regexp_replace(translate(coalesce(i.reporter_phone, ''), '０１２３４５６７８９', '0123456789'), '\D', '', 'g')) >= 7
                THEN 'p:' || md5(right(regexp_replace(translate(i.reporter_phone, '０１２３４５６７８９', '0123456789'), '\D', '', 'g'), 11))
            WHEN nullif(btrim(i.reporter_name), '') IS NOT NULL THEN 'n:' || btrim(i.reporter_name)
            ELSE 'i:' || i.id END AS reporter
FROM incident i
WHERE i.id = ANY (%(ids)s::bigint[]) AND i.geom IS NOT NULL
