-- Hand one case to a new grid and handler (改派 after a boundary change), one version up, with its
-- own event in the case history. The state and the clock stay as they are.
WITH moved AS (
    UPDATE incident
       SET handler_cell_code = %(cell)s, handler_person_id = %(person)s, case_version = case_version + 1,
           case_changed_at = greatest(case_changed_at, %(at)s)
     WHERE id = %(id)s AND case_version = %(version)s
    RETURNING id, case_version, status, case_changed_at
)
INSERT INTO case_event (incident_id, version, action, from_state, to_state, by_person_id, at, note, details)
SELECT id, case_version, 'redispatch', status, status, %(by)s, case_changed_at, %(note)s, %(details)s
FROM moved
RETURNING incident_id
