-- One case, locked for a transition. NOWAIT: a second session changing the same case gets an error
-- at once (reported as a conflict) instead of waiting and then acting on a state it never saw.
SELECT i.id, i.channel, i.source_ref, i.reported_at, i.category_code, i.district_code, i.street_code,
       i.community_code, i.grid_code, i.microgrid_code, i.status, i.case_version, i.case_changed_at,
       i.handler_person_id, i.handler_level, i.handler_cell_code, i.time_limit_hours, i.clock_started_at,
       i.deadline, i.clock_paused_at, i.suspended_from, i.urge_count, i.urged_at, i.supervised_at,
       i.supervised_by, i.escalation_count, i.responded_at, i.handled_at, i.closed_at, i.rating, i.rated_at,
       i.repeat_of, i.co_handler_ids, i.return_count, i.returned_at, i.direct_answer, i.limit_workdays,
       i.own_limit_hours, i.own_limit_workdays, i.own_deadline,
       lim.category_limit_hours, lim.category_limit_workdays
FROM incident i
-- the category's limit, hours or working days: its own, else (when it has neither) its parent's
LEFT JOIN LATERAL (
    SELECT CASE WHEN c.time_limit_hours IS NULL AND c.time_limit_workdays IS NULL
                THEN p.time_limit_hours ELSE c.time_limit_hours END AS category_limit_hours,
           CASE WHEN c.time_limit_hours IS NULL AND c.time_limit_workdays IS NULL
                THEN p.time_limit_workdays ELSE c.time_limit_workdays END AS category_limit_workdays
    FROM category c
    LEFT JOIN category p ON p.code = c.parent_code
    WHERE c.code = i.category_code
) lim ON true
WHERE i.id = %(id)s
FOR UPDATE OF i NOWAIT
