-- The review queue (待定位): incidents placed nowhere, oldest first, one page, with the whole count.
-- Filters (NULL: any): channel, reason, and a text found in the address, title or category text; and
-- %(within)s, the roots of a street's or community's area: only incidents whose finest code so far (an
-- unplaced incident may keep a partial one) lies under one of them (NULL: every waiting incident).
SELECT i.id, i.channel, i.source_ref, i.reported_at, i.category_text, i.title, i.address, i.unplaced_reason,
       i.placement_candidates, ST_X(ST_Transform(i.geom, 4326)) AS lon, ST_Y(ST_Transform(i.geom, 4326)) AS lat,
       count(*) OVER () AS total
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
ORDER BY i.reported_at, i.id
LIMIT %(limit)s OFFSET %(offset)s
