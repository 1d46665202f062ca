-- The incidents reported in [%(since)s, %(until)s) as roll-up rows (grids/incidents/rollup.py): the
-- roll-up's rows of the whole months [%(rollup_from)s, %(rollup_to)s), and one row per incident of the
-- partial months at the ends, [%(since)s, %(head_until)s) and [%(tail_since)s, %(until)s), its counts from
-- incident_rollup_row (migration 030), the function the triggers keep the roll-up with. Summed by key,
-- the rows give the counts of the incidents of the window, whatever its ends.
SELECT district_code, street_code, community_code, grid_code, place_code, category_code, channel, status,
       received, responded, accepted, accepted_valid, finished_on_time, finished, resolved, rated, satisfied,
       repeats, backlog_open, overdue_paused, closed, closed_grid, closed_community, closed_street,
       closed_district, closed_department, closed_direct, handling_count, handling_seconds
FROM incident_rollup
WHERE month >= %(rollup_from)s::date AND month < %(rollup_to)s::date
UNION ALL
SELECT i.district_code, i.street_code, i.community_code, i.grid_code, r.place_code, i.category_code, i.channel,
       i.status, r.received, r.responded, r.accepted, r.accepted_valid, r.finished_on_time, r.finished,
       r.resolved, r.rated, r.satisfied, r.repeats, r.backlog_open, r.overdue_paused, r.closed, r.closed_grid,
       r.closed_community, r.closed_street, r.closed_district, r.closed_department, r.closed_direct,
       r.handling_count, r.handling_seconds
FROM incident i
CROSS JOIN LATERAL incident_rollup_row(i.reported_at, i.district_code, i.street_code, i.community_code,
                                       i.grid_code, i.microgrid_code, i.status, i.responded_at, i.deadline,
                                       i.clock_paused_at, i.rating, i.repeat_of, i.handler_level, i.closed_at) r
WHERE (i.reported_at >= %(since)s::timestamptz AND i.reported_at < %(head_until)s::timestamptz)
   OR (i.reported_at >= %(tail_since)s::timestamptz AND i.reported_at < %(until)s::timestamptz)
