-- The wall's charts over the filtered incidents (map_filters.sql, as every map query): received per day
-- (Asia/Shanghai), per channel and per 大类 (a 小类 counts for its parent), as three JSON arrays.
-- Days without an incident are not rows: grids/mapview/queries.py fills the window's days in.
WITH chosen AS MATERIALIZED (
    SELECT i.reported_at, i.channel, i.category_code
    FROM incident i
    WHERE {filters}
)
SELECT
    (SELECT coalesce(json_agg(json_build_object('day', day, 'received', n) ORDER BY day), '[]')
     FROM (SELECT (reported_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*) AS n
           FROM chosen GROUP BY 1) per_day) AS daily,
    (SELECT coalesce(json_agg(json_build_object('channel', channel, 'received', n) ORDER BY n DESC, channel), '[]')
     FROM (SELECT channel, count(*) AS n FROM chosen GROUP BY 1) per_channel) AS channels,
    (SELECT coalesce(json_agg(json_build_object('code', per_major.code, 'name', coalesce(major.name, '未分类'),
                                                'name_en', coalesce(major.name_en, 'Uncategorised'), 'received', n)
                              ORDER BY n DESC, per_major.code), '[]')
     FROM (SELECT coalesce(c.parent_code, c.code) AS code, count(*) AS n
           FROM chosen LEFT JOIN category c ON c.code = chosen.category_code
           GROUP BY 1) per_major
     LEFT JOIN category major ON major.code = per_major.code) AS categories;
