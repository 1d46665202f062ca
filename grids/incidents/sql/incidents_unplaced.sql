-- The review queue: incidents without a placement, oldest first.
SELECT id, channel, source_ref, reported_at, category_text, address, source_x, source_y, source_crs,
       unplaced_reason, placement_candidates
FROM incident
WHERE placement_method IS NULL
  AND (%(channel)s::text IS NULL OR channel = %(channel)s)
ORDER BY reported_at, id
LIMIT %(limit)s
