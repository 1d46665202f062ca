-- 挂牌督办 by rule: open cases of the area (as desk_cases.sql) not yet under supervision that
--   (a) have used more than %(times_limit)s times their limit (the clock's time, as the timer counts it:
--       deadline − limit is the start net of the time stood still), or
--   (b) were reopened %(reopened)s times or more, or
--   (c) had %(repeats)s or more repeats reported within the last %(days)s days (the case or its root).
-- Each with the rules it meets, and its clock: for a limit in working days the wall-clock test of (a) is a
-- first cut (working time never runs faster), which grids/desk/supervision.py checks on working time.
WITH open_case AS (
    SELECT i.* FROM incident i
    WHERE i.status IN ('accepted', 'dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')
      AND i.supervised_at IS NULL
      AND ARRAY[i.district_code, i.street_code, i.community_code, i.grid_code] && %(scope)s::text[]
), facts AS (
    SELECT o.id, o.limit_workdays, o.time_limit_hours, o.deadline, o.clock_paused_at,
           o.deadline IS NOT NULL AND o.time_limit_hours IS NOT NULL
             AND coalesce(o.clock_paused_at, %(now)s::timestamptz) - (o.deadline - make_interval(secs => o.time_limit_hours * 3600))
                 > make_interval(secs => o.time_limit_hours * 3600 * %(times_limit)s) AS long_overdue,
           (SELECT count(*) FROM case_event e WHERE e.incident_id = o.id AND e.action = 'reopen') AS reopened,
           (SELECT count(*) FROM incident r WHERE r.repeat_of = coalesce(o.repeat_of, o.id) AND r.id <> o.id
              AND r.reported_at > %(now)s::timestamptz - make_interval(days => %(days)s)) AS recent_repeats
    FROM open_case o
)
SELECT f.id, f.long_overdue, f.reopened, f.recent_repeats, f.limit_workdays, f.time_limit_hours, f.deadline,
       f.clock_paused_at
FROM facts f
WHERE f.long_overdue OR f.reopened >= %(reopened)s OR f.recent_repeats >= %(repeats)s
ORDER BY f.id
