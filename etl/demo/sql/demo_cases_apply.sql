-- Every demo incident takes the state its walked history ends in; all were examined for repeats.
UPDATE incident i SET
    status = s.status, case_version = s.case_version, case_changed_at = s.case_changed_at,
    handler_person_id = s.handler_person_id, handler_level = s.handler_level,
    handler_cell_code = s.handler_cell_code, time_limit_hours = s.time_limit_hours,
    clock_started_at = s.clock_started_at, deadline = s.deadline, clock_paused_at = s.clock_paused_at,
    suspended_from = s.suspended_from, urge_count = s.urge_count, urged_at = s.urged_at,
    supervised_at = s.supervised_at, supervised_by = s.supervised_by, escalation_count = s.escalation_count,
    responded_at = s.responded_at, handled_at = s.handled_at, closed_at = s.closed_at, rating = s.rating,
    rated_at = s.rated_at, repeat_of = s.repeat_of, repeat_checked = true
FROM demo_case_stage s
WHERE i.id = s.id
