-- The counts of kpi_stats.sql, the same columns and definitions, read from the incident roll-up
-- (grids/incidents/rollup.py, migrations 030, 031) for the whole months of the window and from the incidents
-- for its partial months: a year of every grid is then some 25,000 summed rows instead of a million
-- incidents (docs/rollups.md). Grouped by {key} (a placement column to the grid, or at district level
-- coalesce(district_code, %(home_district)s)); {facts} is rollup_facts.sql; {filters} the category and
-- channel predicates (kpi_filter_*.sql), which read the same columns there.
-- backlog_overdue depends on now: the roll-up holds the cases overdue with their clock standing
-- (overdue_paused); those whose clock runs, past their deadline at %(now)s, are counted from the open
-- cases of the window (the partial index incident_open), as kpi_stats.sql defines them.
WITH facts AS (
    SELECT * FROM ({facts}) f
    WHERE {key} IS NOT NULL
      AND (%(within)s::text IS NULL OR starts_with({key}::text, %(within)s))
      AND (%(key_value)s::text IS NULL OR {key}::text = %(key_value)s)
      {filters}
), running_overdue AS (
    SELECT {key} AS key, count(*) AS n
    FROM incident
    WHERE reported_at >= %(since)s::timestamptz
      AND reported_at < %(until)s::timestamptz
      AND status IN ('dispatched', 'in_progress', 'rework', 'extended', 'suspended')
      AND clock_paused_at IS NULL AND deadline < %(now)s
      AND {key} IS NOT NULL
      AND (%(within)s::text IS NULL OR starts_with({key}::text, %(within)s))
      AND (%(key_value)s::text IS NULL OR {key}::text = %(key_value)s)
      {filters}
    GROUP BY 1
), counted AS (
    SELECT {key} AS key, sum(received) AS received, sum(responded) AS responded, sum(accepted) AS accepted,
           sum(accepted_valid) AS accepted_valid, sum(finished_on_time) AS finished_on_time,
           sum(finished) AS finished, sum(resolved) AS resolved, sum(rated) AS rated, sum(satisfied) AS satisfied,
           sum(repeats) AS repeats, sum(backlog_open) AS backlog_open, sum(overdue_paused) AS overdue_paused,
           sum(handling_seconds) / nullif(sum(handling_count), 0) / 3600.0 AS avg_handling_hours,
           sum(closed) AS closed, sum(closed_grid) AS closed_grid, sum(closed_community) AS closed_community,
           sum(closed_street) AS closed_street, sum(closed_district) AS closed_district,
           sum(closed_department) AS closed_department, sum(closed_direct) AS closed_direct
    FROM facts
    GROUP BY 1
)
SELECT counted.key, received, responded, accepted, accepted_valid, finished_on_time, finished, resolved, rated,
       satisfied, repeats, backlog_open, overdue_paused + coalesce(running_overdue.n, 0) AS backlog_overdue,
       avg_handling_hours, closed, closed_grid, closed_community, closed_street, closed_district,
       closed_department, closed_direct
FROM counted
LEFT JOIN running_overdue ON running_overdue.key = counted.key
WHERE counted.received <> 0
