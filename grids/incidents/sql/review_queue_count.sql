-- How many incidents wait in the review queue under the same filters as review_queue.sql (%(within)s:
-- the roots of the area, NULL for all).
SELECT count(*)
FROM incident i
WHERE i.placement_method IS NULL
  AND (%(within)s::text[] IS NULL OR EXISTS (
        SELECT 1 FROM unnest(%(within)s::text[]) AS root
        WHERE starts_with(coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code,
                                   i.district_code), root)))
  AND (%(channel)s::text IS NULL OR i.channel = %(channel)s::text)
  AND (%(reason)s::text IS NULL OR i.unplaced_reason = %(reason)s::text)
  AND (%(text)s::text IS NULL OR strpos(coalesce(i.address, '') || ' ' || coalesce(i.title, '') || ' '
                                        || coalesce(i.category_text, ''), %(text)s::text) > 0)
