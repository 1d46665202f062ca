-- KPI counts of the incidents reported in [%(since)s, %(until)s), grouped by {key} (a placement column
-- or handler_person_id; at district level coalesce(district_code, %(home_district)s), so that a store of
-- one district counts its unplaced incidents there), as they stand at %(now)s. The formulas that turn these counts into rates are
-- in grids/cases/kpi.py and docs/kpis.md; the predicates here are the definitions:
--   open      reported … extended (not closed, followed_up, rejected, void)
--   overdue   open, the clock running or suspended, past its deadline at now (stood-still time excluded)
--   finished  reported back: handled, closed or followed_up (the clock stopped at clock_paused_at)
-- Speed: every column read here is in the index incident_kpi_facts (migration 005), so a year of a
-- million incidents is an index-only scan of ~150 MB instead of the 700 MB table, aggregated in
-- parallel (0.8–0.95 s for every grid over a year; see docs/benchmarks.md).
-- The filters placeholder: the category and channel predicates (kpi_filter_category.sql, kpi_filter_channel.sql), composed
-- in only when given, so the unfiltered query reads only the index's columns.
SELECT {key} AS key,
       count(*) AS received,
       count(*) FILTER (WHERE status <> 'reported') AS responded,
       count(*) FILTER (WHERE responded_at IS NOT NULL AND status <> 'rejected') AS accepted,
       count(*) FILTER (WHERE responded_at IS NOT NULL AND status NOT IN ('rejected', 'void')) AS accepted_valid,
       count(*) FILTER (WHERE status IN ('handled', 'closed', 'followed_up') AND deadline IS NOT NULL
                          AND clock_paused_at <= deadline) AS finished_on_time,
       count(*) FILTER (WHERE status IN ('handled', 'closed', 'followed_up') AND deadline IS NOT NULL) AS finished,
       count(*) FILTER (WHERE status IN ('closed', 'followed_up') AND rating IS DISTINCT FROM 'dissatisfied') AS resolved,
       count(*) FILTER (WHERE rating IS NOT NULL) AS rated,
       count(*) FILTER (WHERE rating IN ('satisfied', 'basically_satisfied')) AS satisfied,
       count(*) FILTER (WHERE repeat_of IS NOT NULL) AS repeats,
       count(*) FILTER (WHERE status IN ('reported', 'accepted', 'dispatched', 'in_progress', 'handled',
                                         'rework', 'suspended', 'extended')) AS backlog_open,
       count(*) FILTER (WHERE status IN ('dispatched', 'in_progress', 'rework', 'extended', 'suspended')
                          AND deadline < coalesce(clock_paused_at, %(now)s)) AS backlog_overdue,
       avg(extract(epoch FROM closed_at - reported_at)) FILTER (WHERE status IN ('closed', 'followed_up'))
           / 3600.0 AS avg_handling_hours,
       count(*) FILTER (WHERE status IN ('closed', 'followed_up')) AS closed,
       count(*) FILTER (WHERE status IN ('closed', 'followed_up') AND handler_level = 'grid') AS closed_grid,
       count(*) FILTER (WHERE status IN ('closed', 'followed_up') AND handler_level = 'community') AS closed_community,
       count(*) FILTER (WHERE status IN ('closed', 'followed_up') AND handler_level = 'street') AS closed_street,
       count(*) FILTER (WHERE status IN ('closed', 'followed_up') AND handler_level = 'district') AS closed_district,
       count(*) FILTER (WHERE status IN ('closed', 'followed_up') AND handler_level = 'department') AS closed_department,
       -- 直接解答: closed at acceptance, never dispatched, so with no handler level (grids/cases/loop.py)
       count(*) FILTER (WHERE status IN ('closed', 'followed_up') AND handler_level IS NULL) AS closed_direct
FROM incident
WHERE reported_at >= %(since)s::timestamptz
  AND reported_at < %(until)s::timestamptz
  AND {key} IS NOT NULL
  AND (%(within)s::text IS NULL OR starts_with({key}::text, %(within)s))
  AND (%(key_value)s::text IS NULL OR {key}::text = %(key_value)s)
  AND (%(grid)s::text IS NULL OR grid_code = %(grid)s)     -- micro-grids of one grid: its index
  {filters}
GROUP BY 1
