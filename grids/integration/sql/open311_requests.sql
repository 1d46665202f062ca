-- Open311 requests (those submitted through Open311), newest first, without personal data: no reporter,
-- no description or address text (a citizen's own words may name people), the point rounded to 3
-- decimals (about 100 m). Filters: ids, service_code, a report-time window, open/closed states.
SELECT i.id, i.status, i.category_code, cat.name AS category_name, i.reported_at,
       greatest(i.imported_at, i.updated_at, (SELECT max(e.recorded_at) FROM case_event e WHERE e.incident_id = i.id)) AS updated, i.deadline,
       CASE WHEN p.role = 'department' THEN p.name END AS department, i.handler_level,
       round(ST_X(ST_Transform(i.geom, 4326))::numeric, 3) AS lon,
       round(ST_Y(ST_Transform(i.geom, 4326))::numeric, 3) AS lat
FROM api_ticket t
JOIN incident i ON i.id = t.incident_id
LEFT JOIN category cat ON cat.code = i.category_code
LEFT JOIN person p ON p.id = i.handler_person_id
WHERE t.via = 'open311'
  AND (%(ids)s::bigint[] IS NULL OR i.id = ANY(%(ids)s))
  AND (%(service_code)s::text IS NULL OR i.category_code = %(service_code)s)
  AND (%(start)s::timestamptz IS NULL OR i.reported_at >= %(start)s)
  AND (%(end)s::timestamptz IS NULL OR i.reported_at < %(end)s)
  AND (%(states)s::text[] IS NULL OR i.status = ANY(%(states)s))
ORDER BY i.reported_at DESC, i.id DESC
LIMIT %(limit)s
