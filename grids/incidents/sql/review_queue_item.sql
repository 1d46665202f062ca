-- One incident of the review queue (or not: ``placed`` says), with its candidates and its point (WGS 84).
SELECT i.id, i.channel, i.source_ref, i.reported_at, i.category_text, i.title, i.address, i.unplaced_reason,
       i.placement_candidates, ST_X(ST_Transform(i.geom, 4326)) AS lon, ST_Y(ST_Transform(i.geom, 4326)) AS lat,
       i.placement_method IS NOT NULL AS placed
FROM incident i
WHERE i.id = %(id)s
