-- How many incidents wait in the review queue under the same filters as review_queue.sql.
SELECT count(*)
FROM incident i
WHERE i.placement_method IS NULL
  AND (%(channel)s::text IS NULL OR i.channel = %(channel)s::text)
  AND (%(reason)s::text IS NULL OR i.unplaced_reason = %(reason)s::text)
  AND (%(text)s::text IS NULL OR strpos(coalesce(i.address, '') || ' ' || coalesce(i.title, '') || ' '
                                        || coalesce(i.category_text, ''), %(text)s::text) > 0)
