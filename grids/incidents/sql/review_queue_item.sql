-- One incident of the review queue (or not: ``placed`` says), with its candidates and its point (WGS 84);
-- ``visible``: whether the area %(within)s (roots; NULL for all) may see it, as in review_queue.sql.
SELECT i.id, i.channel, i.source_ref, i.reported_at, i.category_text, i.title, i.address, i.unplaced_reason,
       i.placement_candidates, ST_X(ST_Transform(i.geom, 4326)) AS lon, ST_Y(ST_Transform(i.geom, 4326)) AS lat,
       i.placement_method IS NOT NULL AS placed,
       (%(within)s::text[] IS NULL OR EXISTS (
           SELECT 1 FROM unnest(%(within)s::text[]) AS root
           WHERE starts_with(coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code,
                                      i.district_code), root))) AS visible
FROM incident i
WHERE i.id = %(id)s
