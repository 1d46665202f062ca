-- The workbench's tab counts for one account: the cases it sees (as desk_cases.sql) in each tab of
-- grids.desk.queue.TABS, at %(now)s.
SELECT count(*) FILTER (WHERE i.status = 'reported') AS reported,
       count(*) FILTER (WHERE i.status = 'accepted' AND i.returned_at IS NULL) AS accepted,
       count(*) FILTER (WHERE i.status IN ('dispatched', 'in_progress', 'rework', 'extended', 'suspended')) AS working,
       count(*) FILTER (WHERE i.status = 'handled') AS handled,
       count(*) FILTER (WHERE i.status = 'closed') AS followup,
       count(*) FILTER (WHERE i.status IN ('dispatched', 'in_progress', 'rework', 'extended')
                          AND i.deadline < %(now)s::timestamptz) AS overdue,
       count(*) FILTER (WHERE i.supervised_at IS NOT NULL AND i.status IN (
                          'accepted', 'dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended'))
           AS supervised,
       count(*) FILTER (WHERE i.status = 'accepted' AND i.returned_at IS NOT NULL) AS returned
FROM incident i
WHERE i.status IN ('reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'rework', 'suspended',
                   'extended', 'closed')
  AND (ARRAY[i.district_code, i.street_code, i.community_code, i.grid_code] && %(scope)s::text[]
       OR i.handler_person_id = %(person)s::bigint
       OR %(person)s::bigint = ANY(i.co_handler_ids)
       OR EXISTS (SELECT 1 FROM case_whistle w WHERE w.incident_id = i.id
                    AND w.department_person_id = %(person)s::bigint AND w.answered_at IS NULL))
