-- Why incidents wait in the review queue, with how many for each reason; %(within)s as in
-- review_queue.sql (the roots of a street's or community's area, NULL for every waiting incident).
SELECT coalesce(i.unplaced_reason, '') AS reason, count(*) AS incidents
FROM incident i
WHERE i.placement_method IS NULL
  AND (%(within)s::text[] IS NULL OR EXISTS (
        SELECT 1 FROM unnest(%(within)s::text[]) AS root
        WHERE starts_with(coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code,
                                   i.district_code), root)))
GROUP BY 1
ORDER BY 2 DESC, 1
