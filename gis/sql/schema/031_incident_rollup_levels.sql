-- The incident roll-up by level (issue 20, docs/rollups.md). 030 kept, beside the rows of one category,
-- channel and status, one total per month × grid: on the 10M-incident city every question of a level above
-- the grid still summed a row per grid and month (1.9M rows for four years of 40,000 grids, seconds cold),
-- and the member loads counted their twelve months from the incidents (8–13 s). Here the same aggregation
-- (GROUPING SETS) keeps a total per month × each level — grid, community, street, district — in the column
-- `grain`, so a level reads its own rows (four years of the city's 20 districts: 960 rows); and two counts
-- more, `valid` (neither rejected nor void) and `patrols` (of those, reported on patrol), so the members'
-- monthly intake is read from the grid totals.
--
-- 030's functions and table are replaced whole (the row function gains the channel, the table a column
-- in place of `total`), the triggers made again from the new functions, and the roll-up refilled from
-- the incidents. Everything 030 says of how it is kept (statement-level triggers, appended deltas,
-- compaction by the tick, SECURITY DEFINER, no writes by gridgov_app) holds unchanged.

DROP TRIGGER incident_rollup_insert ON incident;
DROP TRIGGER incident_rollup_update ON incident;
DROP TRIGGER incident_rollup_delete ON incident;
DROP FUNCTION incident_rollup_keep();
DROP FUNCTION incident_rollup_recount();
DROP FUNCTION incident_rollup_compact();
DROP FUNCTION incident_rollup_sum(text, boolean);
DROP FUNCTION incident_rollup_row(timestamptz, text, text, text, text, text, text, timestamptz, timestamptz,
                                  timestamptz, text, bigint, text, timestamptz);
DROP TABLE incident_rollup;

-- One incident's row of the roll-up: its key (month, place_code: its finest code cut to the grid's 15
-- digits) and its counts — the one definition the triggers, the fill, the readers' partial months
-- (grids/incidents/sql/rollup_facts.sql) and the property test use. SQL, so PostgreSQL inlines it.
CREATE FUNCTION incident_rollup_row(
    reported_at timestamptz, district_code text, street_code text, community_code text, grid_code text,
    microgrid_code text, status text, responded_at timestamptz, deadline timestamptz,
    clock_paused_at timestamptz, rating text, repeat_of bigint, handler_level text, closed_at timestamptz,
    channel text)
RETURNS TABLE (month date, place_code text, received integer, valid integer, patrols integer,
               responded integer, accepted integer,
               accepted_valid integer, finished_on_time integer, finished integer, resolved integer,
               rated integer, satisfied integer, repeats integer, backlog_open integer, overdue_paused integer,
               closed integer, closed_grid integer, closed_community integer, closed_street integer,
               closed_district integer, closed_department integer, closed_direct integer,
               handling_count integer, handling_seconds numeric)
LANGUAGE sql IMMUTABLE AS $$
SELECT date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date,
       left(coalesce(microgrid_code, grid_code, community_code, street_code, district_code), 15),
       1,
       -- a member's intake (grids/cases/sql/load_members.sql): neither rejected nor void, and of those on patrol
       (status NOT IN ('rejected', 'void'))::integer,
       (status NOT IN ('rejected', 'void') AND channel = 'patrol')::integer,
       (status <> 'reported')::integer,
       (responded_at IS NOT NULL AND status <> 'rejected')::integer,
       (responded_at IS NOT NULL AND status NOT IN ('rejected', 'void'))::integer,
       CASE WHEN status IN ('handled', 'closed', 'followed_up') AND deadline IS NOT NULL
                 AND clock_paused_at <= deadline THEN 1 ELSE 0 END,
       (status IN ('handled', 'closed', 'followed_up') AND deadline IS NOT NULL)::integer,
       (status IN ('closed', 'followed_up') AND rating IS DISTINCT FROM 'dissatisfied')::integer,
       (rating IS NOT NULL)::integer,
       CASE WHEN rating IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END,
       (repeat_of IS NOT NULL)::integer,
       (status IN ('reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'rework', 'suspended',
                   'extended'))::integer,
       -- overdue with the clock standing: fixed; with the clock running it depends on now (not here)
       CASE WHEN status IN ('dispatched', 'in_progress', 'rework', 'extended', 'suspended')
                 AND deadline < clock_paused_at THEN 1 ELSE 0 END,
       (status IN ('closed', 'followed_up'))::integer,
       CASE WHEN status IN ('closed', 'followed_up') AND handler_level = 'grid' THEN 1 ELSE 0 END,
       CASE WHEN status IN ('closed', 'followed_up') AND handler_level = 'community' THEN 1 ELSE 0 END,
       CASE WHEN status IN ('closed', 'followed_up') AND handler_level = 'street' THEN 1 ELSE 0 END,
       CASE WHEN status IN ('closed', 'followed_up') AND handler_level = 'district' THEN 1 ELSE 0 END,
       CASE WHEN status IN ('closed', 'followed_up') AND handler_level = 'department' THEN 1 ELSE 0 END,
       CASE WHEN status IN ('closed', 'followed_up') AND handler_level IS NULL THEN 1 ELSE 0 END,
       CASE WHEN status IN ('closed', 'followed_up') AND closed_at IS NOT NULL THEN 1 ELSE 0 END,
       CASE WHEN status IN ('closed', 'followed_up') THEN extract(epoch FROM closed_at - reported_at) END
$$;

-- Deltas and compacted rows alike: a key's figures are the sums of its rows. No unique key on purpose
-- (appends never conflict). `grain`: 'detail', a row of one category, channel and status under its grid
-- (or coarser place); else a total over them per month and 'grid' (place_code: the finest code to 15
-- digits), 'community', 'street' or 'district' (the codes finer than the grain NULL).
CREATE TABLE incident_rollup (
    month date NOT NULL,
    district_code text,
    street_code text,
    community_code text,
    grid_code text,
    place_code text,
    category_code text,
    channel text,
    status text,
    grain text NOT NULL CHECK (grain IN ('detail', 'grid', 'community', 'street', 'district')),
    received integer NOT NULL,
    valid integer NOT NULL,
    patrols integer NOT NULL,
    responded integer NOT NULL,
    accepted integer NOT NULL,
    accepted_valid integer NOT NULL,
    finished_on_time integer NOT NULL,
    finished integer NOT NULL,
    resolved integer NOT NULL,
    rated integer NOT NULL,
    satisfied integer NOT NULL,
    repeats integer NOT NULL,
    backlog_open integer NOT NULL,
    overdue_paused integer NOT NULL,
    closed integer NOT NULL,
    closed_grid integer NOT NULL,
    closed_community integer NOT NULL,
    closed_street integer NOT NULL,
    closed_district integer NOT NULL,
    closed_department integer NOT NULL,
    closed_direct integer NOT NULL,
    handling_count integer NOT NULL,
    handling_seconds numeric NOT NULL,
    fresh boolean NOT NULL              -- a statement's delta, not yet folded by incident_rollup_compact()
);
CREATE INDEX incident_rollup_month ON incident_rollup (month);
CREATE INDEX incident_rollup_fresh ON incident_rollup (month) WHERE fresh;
CREATE INDEX incident_rollup_grain ON incident_rollup (grain, month, district_code);
COMMENT ON TABLE incident_rollup IS
    'Incidents per month (Asia/Shanghai) × cell to the grid × category × channel × status with the KPI counts, '
    'and their totals per month × grid, community, street and district; a key''s figures are the sums of its '
    'rows (docs/rollups.md). Written only by the triggers on incident.';
COMMENT ON COLUMN incident_rollup.grain IS
    'detail: one category, channel and status; grid, community, street, district: a total per month and cell '
    'of that level, summed over category, channel and status (they are NULL, and so are the finer codes).';

-- The SELECT that sums the rows of ``source`` (columns: sign, then those incident_rollup_row reads, and
-- category_code) into roll-up rows, each row counted ``sign`` times (+1, −1): one per key of one
-- category, channel and status, and from the same aggregation (GROUPING SETS) the totals per month × each
-- level. grouping() of (category, place, community, street) tells the sets apart: 0 detail, 8 grid,
-- 12 community, 14 street, 15 district.
CREATE FUNCTION incident_rollup_sum(source text, fresh boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT format($q$
SELECT r.month, c.district_code, c.street_code, c.community_code, c.grid_code, r.place_code, c.category_code,
       c.channel, c.status,
       CASE grouping(c.category_code, r.place_code, c.community_code, c.street_code)
            WHEN 0 THEN 'detail' WHEN 8 THEN 'grid' WHEN 12 THEN 'community' WHEN 14 THEN 'street'
            ELSE 'district' END AS grain,
       sum(c.sign * r.received)::integer, sum(c.sign * r.valid)::integer, sum(c.sign * r.patrols)::integer,
       sum(c.sign * r.responded)::integer, sum(c.sign * r.accepted)::integer,
       sum(c.sign * r.accepted_valid)::integer, sum(c.sign * r.finished_on_time)::integer,
       sum(c.sign * r.finished)::integer, sum(c.sign * r.resolved)::integer, sum(c.sign * r.rated)::integer,
       sum(c.sign * r.satisfied)::integer, sum(c.sign * r.repeats)::integer,
       sum(c.sign * r.backlog_open)::integer, sum(c.sign * r.overdue_paused)::integer,
       sum(c.sign * r.closed)::integer, sum(c.sign * r.closed_grid)::integer,
       sum(c.sign * r.closed_community)::integer, sum(c.sign * r.closed_street)::integer,
       sum(c.sign * r.closed_district)::integer, sum(c.sign * r.closed_department)::integer,
       sum(c.sign * r.closed_direct)::integer, sum(c.sign * r.handling_count)::integer,
       coalesce(sum(c.sign * r.handling_seconds), 0), %L::boolean
FROM (%s) c
CROSS JOIN LATERAL incident_rollup_row(c.reported_at, c.district_code, c.street_code, c.community_code,
                                       c.grid_code, c.microgrid_code, c.status, c.responded_at, c.deadline,
                                       c.clock_paused_at, c.rating, c.repeat_of, c.handler_level, c.closed_at,
                                       c.channel) r
GROUP BY GROUPING SETS ((r.month, c.district_code, c.street_code, c.community_code, c.grid_code, r.place_code,
                         c.category_code, c.channel, c.status),
                        (r.month, c.district_code, c.street_code, c.community_code, c.grid_code, r.place_code),
                        (r.month, c.district_code, c.street_code, c.community_code),
                        (r.month, c.district_code, c.street_code),
                        (r.month, c.district_code))
$q$, fresh, source)
$$;

-- The triggers' body, as in 030: append the statement's delta, written once into static SQL.
DO $migration$
DECLARE
    columns text := incident_rollup_columns();
BEGIN
    EXECUTE format($body$
CREATE FUNCTION incident_rollup_keep() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO incident_rollup %s;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO incident_rollup %s;
    ELSE
        INSERT INTO incident_rollup %s;
    END IF;
    RETURN NULL;
END $function$
$body$,
        incident_rollup_sum(format('SELECT 1 AS sign, %s FROM new_rows', columns), true),
        incident_rollup_sum(format('SELECT -1 AS sign, %s FROM old_rows', columns), true),
        incident_rollup_sum(format('SELECT -1 AS sign, * FROM (SELECT %1$s FROM old_rows EXCEPT ALL '
                                   'SELECT %1$s FROM new_rows) o UNION ALL '
                                   'SELECT 1, * FROM (SELECT %1$s FROM new_rows EXCEPT ALL '
                                   'SELECT %1$s FROM old_rows) n', columns), true));
END
$migration$;

CREATE TRIGGER incident_rollup_insert AFTER INSERT ON incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_rollup_keep();
CREATE TRIGGER incident_rollup_update AFTER UPDATE ON incident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_rollup_keep();
CREATE TRIGGER incident_rollup_delete AFTER DELETE ON incident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_rollup_keep();

-- The roll-up recomputed from the incidents, one row per key (fresh false): what incident_rollup's rows
-- sum to, key by key (the property test; a repair is TRUNCATE incident_rollup and an INSERT of this).
CREATE FUNCTION incident_rollup_recount() RETURNS SETOF incident_rollup
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY EXECUTE incident_rollup_sum(format('SELECT 1 AS sign, %s FROM incident', incident_rollup_columns()),
                                             false);
END $$;

-- Fold the deltas of every month that has some into one row per key (keys whose incidents all left
-- disappear); returns the rows removed. Run by the tick (grids/cases/tick.py), as in 030.
CREATE FUNCTION incident_rollup_compact() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
WITH months AS (
    SELECT DISTINCT month FROM incident_rollup WHERE fresh
), gone AS (
    DELETE FROM incident_rollup r USING months m WHERE r.month = m.month RETURNING r.*
), folded AS (
    INSERT INTO incident_rollup
    SELECT month, district_code, street_code, community_code, grid_code, place_code, category_code, channel, status,
           grain, sum(received), sum(valid), sum(patrols), sum(responded), sum(accepted), sum(accepted_valid),
           sum(finished_on_time), sum(finished), sum(resolved), sum(rated), sum(satisfied), sum(repeats),
           sum(backlog_open), sum(overdue_paused), sum(closed), sum(closed_grid), sum(closed_community),
           sum(closed_street), sum(closed_district), sum(closed_department), sum(closed_direct),
           sum(handling_count), sum(handling_seconds), false
    FROM gone
    GROUP BY month, district_code, street_code, community_code, grid_code, place_code, category_code, channel,
             status, grain
    HAVING sum(received) <> 0           -- a key's counts are those of the incidents in it: none, all zero
    ORDER BY grain, month, district_code, place_code     -- a level's rows of a month together on disk
    RETURNING 1
)
SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM folded)
$$;

-- The roll-up of the incidents already stored, a level's rows of a month together on disk (a year of the
-- city's grid totals read 560 MB of pages interleaved with the detail, for 80 MB of rows).
DO $$
BEGIN
    EXECUTE 'INSERT INTO incident_rollup SELECT * FROM ('
            || incident_rollup_sum(format('SELECT 1 AS sign, %s FROM incident', incident_rollup_columns()), false)
            || ') r ORDER BY grain, month, district_code, place_code';
END $$;

-- Only the triggers and the compaction (owner's functions) write it; gridgov_app reads it.
REVOKE INSERT, UPDATE, DELETE ON incident_rollup FROM gridgov_app;

-- The KPIs' cases past their deadline with the clock running depend on now, so every KPI question counts
-- them from the open cases of its window (grids/cases/sql/kpi_rollup_stats.sql). On the 10M city the
-- planner fetched them from the heap through incident_open or the desk's status index (0.28 s of a
-- district's 0.29 s for a year, 0.41 s of 0.45 s for four years). A partial index of exactly those cases
-- (the clock running: dispatched and not paused), carrying what the count reads, answers it index-only
-- (0.02-0.05 s). The intake's new tickets ('reported') never enter it.
CREATE INDEX incident_clock_running_by_reported ON incident (reported_at)
    INCLUDE (deadline, district_code, street_code, community_code, grid_code, category_code, channel)
    WHERE status IN ('dispatched', 'in_progress', 'rework', 'extended', 'suspended') AND clock_paused_at IS NULL;

-- The members' loads weigh every member's open cases (grids/cases/sql/open_weight.sql): on the 10M city
-- 65,000 cases fetched from the heap row by row (0.9 s of the loads' 3.1 s). The open cases' index per
-- handler now carries what the weight reads. Same key and predicate as 004.
DROP INDEX incident_handler_open;
CREATE INDEX incident_handler_open ON incident (handler_person_id)
    INCLUDE (status, time_limit_hours, supervised_at, deadline, clock_paused_at)
    WHERE status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended');
