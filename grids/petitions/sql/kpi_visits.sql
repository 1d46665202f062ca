-- Skip-level visits in [%(start)s, %(end)s) per cell of origin at %(level)s (under %(within)s) and month,
-- by level (a visit whose origin is coarser than %(level)s counts under its origin cell).
SELECT coalesce(CASE %(level)s WHEN 'district' THEN v.origin_district_code WHEN 'street' THEN v.origin_street_code
                               WHEN 'community' THEN v.origin_community_code ELSE v.origin_grid_code END,
                v.origin_cell_code) AS cell,
       date_trunc('month', v.visited_on)::date AS month,
       count(*) FILTER (WHERE v.level = 'beijing') AS beijing,
       count(*) FILTER (WHERE v.level = 'province') AS province,
       count(*) FILTER (WHERE v.level = 'city') AS city
FROM skip_level_visit v
WHERE v.visited_on >= %(start)s AND v.visited_on < %(end)s
  AND (%(within)s::text IS NULL OR v.origin_cell_code LIKE %(within)s || '%%')
GROUP BY 1, 2
