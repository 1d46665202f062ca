-- The incidents reported in [%(since)s, %(until)s) (of the district %(district)s, if not NULL) as roll-up
-- rows (grids/incidents/rollup.py): the roll-up's rows of the whole months [%(rollup_from)s,
-- %(rollup_to)s), and one row per incident of the partial months at the ends, [%(since)s, %(head_until)s)
-- and [%(tail_since)s, %(until)s), its counts from incident_rollup_row (migration 031), the function the
-- triggers keep the roll-up with. Summed by key, the rows give the counts of the incidents of the window,
-- whatever its ends.
-- {grain}: the roll-up rows read (migration 031): 'detail' (one category, channel and status) when the
-- caller filters by any of them, else the totals of the level it groups by ('grid' … 'district').
-- {category_code} is i.category_code when the caller filters by category, else NULL: every other column
-- read from the incidents is in the covering index incident_kpi_facts (005), so the ends are then two
-- index-only range scans (the heap's rows are scattered once the case loop has updated them: a bitmap
-- scan of 30 days of 500,000 incidents read 186 MB for 41,000 rows, 0.6 s).
SELECT month, district_code, street_code, community_code, grid_code, place_code, category_code, channel,
       status, received, valid, patrols, responded, accepted, accepted_valid, finished_on_time, finished,
       resolved, rated, satisfied, repeats, backlog_open, overdue_paused, closed, closed_grid, closed_community,
       closed_street, closed_district, closed_department, closed_direct, handling_count, handling_seconds
FROM incident_rollup
WHERE grain = {grain} AND month >= %(rollup_from)s::date AND month < %(rollup_to)s::date
  AND (%(district)s::text IS NULL OR district_code = %(district)s)
UNION ALL
SELECT r.month, i.district_code, i.street_code, i.community_code, i.grid_code, r.place_code, i.category_code,
       i.channel, i.status, r.received, r.valid, r.patrols, r.responded, r.accepted, r.accepted_valid,
       r.finished_on_time, r.finished, r.resolved, r.rated, r.satisfied, r.repeats, r.backlog_open,
       r.overdue_paused, r.closed, r.closed_grid, r.closed_community, r.closed_street, r.closed_district,
       r.closed_department, r.closed_direct, r.handling_count, r.handling_seconds
FROM (SELECT reported_at, district_code, street_code, community_code, grid_code, microgrid_code, status,
             responded_at, deadline, clock_paused_at, rating, repeat_of, handler_level, closed_at, channel,
             {category_code} AS category_code
      FROM incident i
      WHERE reported_at >= %(since)s::timestamptz AND reported_at < %(head_until)s::timestamptz
        AND (%(district)s::text IS NULL OR district_code = %(district)s)
      UNION ALL
      SELECT reported_at, district_code, street_code, community_code, grid_code, microgrid_code, status,
             responded_at, deadline, clock_paused_at, rating, repeat_of, handler_level, closed_at, channel,
             {category_code}
      FROM incident i
      WHERE reported_at >= %(tail_since)s::timestamptz AND reported_at < %(until)s::timestamptz
        AND (%(district)s::text IS NULL OR district_code = %(district)s)) i
CROSS JOIN LATERAL incident_rollup_row(i.reported_at, i.district_code, i.street_code, i.community_code,
                                       i.grid_code, i.microgrid_code, i.status, i.responded_at, i.deadline,
                                       i.clock_paused_at, i.rating, i.repeat_of, i.handler_level, i.closed_at,
                                       i.channel) r
