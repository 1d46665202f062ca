-- Of the incidents %(ids)s: which exist, which are placed already, and which the area %(within)s (roots;
-- NULL for all) may see — an incident's finest code so far under one of the roots, as in review_queue.sql.
SELECT i.id, i.placement_method IS NOT NULL AS placed,
       (%(within)s::text[] IS NULL OR EXISTS (
           SELECT 1 FROM unnest(%(within)s::text[]) AS root
           WHERE starts_with(coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code,
                                      i.district_code), root))) AS visible
FROM incident i
WHERE i.id = ANY(%(ids)s::bigint[])
