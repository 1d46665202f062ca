-- The open-work weight of one open case (incident alias i) at %(now)s, put into queries in place of
-- {open_weight} by grids.cases.workload.weighted_query (load_members, impact_grid_counts, impact_moving): severity
-- %(urgent_weight)s for a limit of at most %(urgent_hours)s h, else 1, plus 1 under supervision (督办);
-- times lateness by the timer at now: green 1, yellow (from %(yellow_from)s of the limit)
-- %(yellow_weight)s, red %(red_weight)s; a case reported back (handled) waits for verification:
-- %(handled_weight)s. The weights are grids/cases/workload.py's (docs/kpis.md).
(CASE WHEN i.time_limit_hours <= %(urgent_hours)s THEN %(urgent_weight)s ELSE 1 END
 + CASE WHEN i.supervised_at IS NOT NULL THEN 1 ELSE 0 END)
* CASE WHEN i.status = 'handled' THEN %(handled_weight)s
       WHEN i.deadline IS NULL THEN 1
       WHEN i.deadline < coalesce(i.clock_paused_at, %(now)s) THEN %(red_weight)s
       WHEN i.time_limit_hours * 3600 - extract(epoch FROM i.deadline - coalesce(i.clock_paused_at, %(now)s))
            >= %(yellow_from)s * i.time_limit_hours * 3600 THEN %(yellow_weight)s
       ELSE 1 END
