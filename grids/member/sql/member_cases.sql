-- A grid member's cases: one case by id (%(id)s), or the cases of the given grids in the given states
-- together with the open cases the member (%(person)s) handles wherever they were placed (a case handed
-- over to them after a redrawing, or dispatched to them by name). Only what the phone shows: never the
-- reporter's name or phone. The grids are a member's scope (grid codes), so the filter is on grid_code
-- and its index, the handler's through incident_handler_open (its predicate repeated, so it applies).
-- Either the first branch or the other two apply: the parameters are constants, so PostgreSQL folds the
-- rest away.
SELECT i.id, i.source_ref, i.channel, i.reported_at, i.category_code, c.name AS category_name,
       c.name_en AS category_name_en, i.title, i.description, i.address, i.status, i.case_version,
       i.district_code, i.street_code, i.community_code, i.grid_code, i.microgrid_code,
       i.handler_person_id, i.handler_level, i.time_limit_hours, i.limit_workdays, i.deadline, i.clock_paused_at,
       i.supervised_at IS NOT NULL AS supervised, i.urge_count,
       ST_X(p.wgs84) AS lon, ST_Y(p.wgs84) AS lat,
       (SELECT count(*) FROM case_photo f WHERE f.incident_id = i.id) AS photos
FROM incident i
LEFT JOIN category c ON c.code = i.category_code
CROSS JOIN LATERAL (SELECT ST_Transform(i.geom, 4326) AS wgs84) p
WHERE (%(id)s::bigint IS NOT NULL AND i.id = %(id)s::bigint)
   OR (%(id)s::bigint IS NULL AND i.grid_code = ANY(%(grids)s::text[]) AND i.status = ANY(%(states)s::text[]))
   OR (%(id)s::bigint IS NULL AND i.handler_person_id = %(person)s::bigint
       AND i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended'))
