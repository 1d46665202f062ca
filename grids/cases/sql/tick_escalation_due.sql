-- Running cases below the district that have used %(multiple)s times their limit by %(now)s
-- (deadline + (multiple - 1) x limit; the deadline already carries the time the clock stood still).
-- For a limit in working days (limit_workdays) this wall-clock test is a first cut — working time never
-- runs faster than the wall clock — and grids/cases/tick.py keeps those that have used the multiple in
-- working time.
SELECT id, limit_workdays, time_limit_hours, deadline, clock_paused_at
FROM incident
WHERE status IN ('dispatched', 'in_progress', 'rework', 'extended')
  AND handler_level <> 'district'
  AND deadline + make_interval(secs => (%(multiple)s - 1) * time_limit_hours * 3600) <= %(now)s
  AND case_changed_at <= %(now)s
ORDER BY deadline, id
FOR UPDATE SKIP LOCKED
