-- Warnings of %(statuses)s (NULL: all) whose cell lies under %(within)s (NULL: anywhere; a cell code
-- prefix), newest first, at most %(limit)s: the facts and the linked ticket ids, no personal data.
SELECT w.id, w.category_code, c.name AS category_name, ST_X(w.geom) AS lon, ST_Y(w.geom) AS lat,
       w.cell_code, w.district_code, w.street_code, w.community_code, w.grid_code, w.first_reported_at,
       w.last_reported_at, w.reporters, w.tickets, w.severity, w.escalation_words, w.rule, w.status,
       w.decided_by, w.decided_at, w.reason, w.raised_at, w.updated_at, w.version,
       ARRAY(SELECT t.incident_id FROM early_warning_ticket t WHERE t.warning_id = w.id
             ORDER BY t.incident_id) AS ticket_ids
FROM early_warning w
LEFT JOIN category c ON c.code = w.category_code
WHERE (%(statuses)s::text[] IS NULL OR w.status = ANY (%(statuses)s::text[]))
  AND (%(within)s::text IS NULL OR starts_with(coalesce(w.cell_code, ''), %(within)s::text))
  AND (%(id)s::bigint IS NULL OR w.id = %(id)s::bigint)
ORDER BY w.last_reported_at DESC, w.id DESC
LIMIT %(limit)s
