-- 待回访: closed cases of the area not yet rated, the newest closing first (a call-back comes soon after
-- the closing; the oldest wait at the end), with the reporter to call
-- (read only for the roles that call back: grids.desk.followup).
SELECT i.id, i.source_ref, i.channel, i.reported_at, i.closed_at, i.category_code, c.name AS category_name,
       i.title, i.address, i.reporter_name, i.reporter_phone, i.case_version, i.direct_answer,
       h.name AS handler_name, i.handler_level
FROM incident i
LEFT JOIN category c ON c.code = i.category_code
LEFT JOIN person h ON h.id = i.handler_person_id
WHERE i.status = 'closed'
  AND ARRAY[i.district_code, i.street_code, i.community_code, i.grid_code] && %(scope)s::text[]
ORDER BY i.closed_at DESC, i.id DESC
LIMIT %(limit)s OFFSET %(offset)s
