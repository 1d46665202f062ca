(CASE WHEN i.time_limit_hours <= %(urgent_hours)s THEN %(urgent_weight)s ELSE 1 END
 + CASE WHEN i.supervised_at IS NOT NULL THEN 1 ELSE 0 END)
* CASE WHEN i.status = 'handled' THEN %(handled_weight)s
       WHEN i.deadline IS NULL THEN 1
       WHEN i.deadline < coalesce(i.clock_paused_at, %(now)s) THEN %(red_weight)s
       WHEN i.time_limit_hours * 3600 - extract(epoch FROM i.deadline - coalesce(i.clock_paused_at, %(now)s))
            >= %(yellow_from)s * i.time_limit_hours * 3600 THEN %(yellow_weight)s
       ELSE 1 END
