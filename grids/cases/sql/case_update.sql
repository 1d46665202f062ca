-- Write a transition: the new state and case columns, one version up. The version check makes a
-- lost update impossible even for a caller that did not lock the row.
UPDATE incident SET
    status = %(status)s, case_version = case_version + 1, case_changed_at = %(at)s,
    handler_person_id = %(handler_person_id)s, handler_level = %(handler_level)s,
    handler_cell_code = %(handler_cell_code)s, time_limit_hours = %(time_limit_hours)s,
    clock_started_at = %(clock_started_at)s, deadline = %(deadline)s, clock_paused_at = %(clock_paused_at)s,
    suspended_from = %(suspended_from)s, urge_count = %(urge_count)s, urged_at = %(urged_at)s,
    supervised_at = %(supervised_at)s, supervised_by = %(supervised_by)s,
    escalation_count = %(escalation_count)s, responded_at = %(responded_at)s, handled_at = %(handled_at)s,
    closed_at = %(closed_at)s, rating = %(rating)s, rated_at = %(rated_at)s,
    co_handler_ids = %(co_handler_ids)s::bigint[], return_count = %(return_count)s, returned_at = %(returned_at)s,
    direct_answer = %(direct_answer)s, limit_workdays = %(limit_workdays)s
WHERE id = %(id)s AND case_version = %(case_version)s
RETURNING case_version
