-- The incident roll-up (issue 20, docs/rollups.md): incidents counted per calendar month (Asia/Shanghai)
-- × cell down to the grid × category × channel × status, with the case loop's KPI counts, so the command
-- page's density and KPIs read a few rows per grid and month instead of every incident of the window.
--
-- Kept by statement-level AFTER triggers with transition tables on incident: they fire for every
-- INSERT, COPY, UPDATE and DELETE whoever runs it (the intake's binary COPY, the API intake, the case
-- loop, hand placement, `incidents replace`, re-placement at publish), so no write path can forget it.
-- A statement appends its **delta** (rows added count +1, rows removed or changed away −1, aggregated
-- per key) and never updates a row in place: a million-row import and a case transition touching the
-- same grid and month never wait for each other's row locks. Readers sum the rows of a key, so the
-- deltas are exact as they stand; incident_rollup_compact() folds them into one row per key (the tick
-- runs it). A TRUNCATE of incident empties the roll-up.
--
-- What is not here, because it depends on "now" or on more than the grain: open cases past their
-- deadline while the clock runs (counted from the open cases, index incident_open), micro-grids, the
-- handler (KPIs per person), disputes and bounding boxes (read from the incidents as before).

-- One incident's row of the roll-up: its key (month, place_code: its finest code cut to the grid's 15
-- digits) and its counts. The one definition of the roll-up's counts: the triggers, the fill below,
-- the KPI query's edges (grids/incidents/sql/rollup_facts.sql) and the property test all use it. SQL,
-- so PostgreSQL inlines it into the calling query.
CREATE FUNCTION incident_rollup_row(
    reported_at timestamptz, district_code text, street_code text, community_code text, grid_code text,
    microgrid_code text, status text, responded_at timestamptz, deadline timestamptz,
    clock_paused_at timestamptz, rating text, repeat_of bigint, handler_level text, closed_at timestamptz)
RETURNS TABLE (month date, place_code text, received integer, responded integer, accepted integer,
               accepted_valid integer, finished_on_time integer, finished integer, resolved integer,
               rated integer, satisfied integer, repeats integer, backlog_open integer, overdue_paused integer,
               closed integer, closed_grid integer, closed_community integer, closed_street integer,
               closed_district integer, closed_department integer, closed_direct integer,
               handling_count integer, handling_seconds numeric)
LANGUAGE sql IMMUTABLE AS $$
SELECT date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai')::date,
       left(coalesce(microgrid_code, grid_code, community_code, street_code, district_code), 15),
       1,
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
-- (appends never conflict); the index serves the month ranges of a window.
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
    received integer NOT NULL,
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
    fresh boolean NOT NULL,             -- a statement's delta, not yet folded by incident_rollup_compact()
    total boolean NOT NULL              -- summed over category, channel and status (they are NULL)
);
CREATE INDEX incident_rollup_month ON incident_rollup (month);
CREATE INDEX incident_rollup_fresh ON incident_rollup (month) WHERE fresh;
CREATE INDEX incident_rollup_totals ON incident_rollup (month) WHERE total;
COMMENT ON TABLE incident_rollup IS
    'Incidents per month (Asia/Shanghai) × cell to the grid × category × channel × status with the KPI counts; '
    'a key''s figures are the sums of its rows (docs/rollups.md). Written only by the triggers on incident.';
COMMENT ON COLUMN incident_rollup.total IS
    'A month × place row summed over category, channel and status (they are NULL), or a row of one of each.';

-- The SELECT that sums the rows of ``source`` (columns: sign, then those incident_rollup_row reads, and
-- category_code, channel) into roll-up rows, one per key, each row counted ``sign`` times (+1, −1); and
-- beside them, from the same aggregation (GROUPING SETS), one total per month × place. The command
-- page's default view and the KPIs without a filter read only the totals: on a year of 500,000 cases
-- 24,000 rows instead of 179,000 (docs/rollups.md).
CREATE FUNCTION incident_rollup_sum(source text, fresh boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT format($q$
SELECT r.month, c.district_code, c.street_code, c.community_code, c.grid_code, r.place_code, c.category_code,
       c.channel, c.status,
       sum(c.sign * r.received)::integer, sum(c.sign * r.responded)::integer, sum(c.sign * r.accepted)::integer,
       sum(c.sign * r.accepted_valid)::integer, sum(c.sign * r.finished_on_time)::integer,
       sum(c.sign * r.finished)::integer, sum(c.sign * r.resolved)::integer, sum(c.sign * r.rated)::integer,
       sum(c.sign * r.satisfied)::integer, sum(c.sign * r.repeats)::integer,
       sum(c.sign * r.backlog_open)::integer, sum(c.sign * r.overdue_paused)::integer,
       sum(c.sign * r.closed)::integer, sum(c.sign * r.closed_grid)::integer,
       sum(c.sign * r.closed_community)::integer, sum(c.sign * r.closed_street)::integer,
       sum(c.sign * r.closed_district)::integer, sum(c.sign * r.closed_department)::integer,
       sum(c.sign * r.closed_direct)::integer, sum(c.sign * r.handling_count)::integer,
       coalesce(sum(c.sign * r.handling_seconds), 0), %L::boolean, grouping(c.category_code) = 1
FROM (%s) c
CROSS JOIN LATERAL incident_rollup_row(c.reported_at, c.district_code, c.street_code, c.community_code,
                                       c.grid_code, c.microgrid_code, c.status, c.responded_at, c.deadline,
                                       c.clock_paused_at, c.rating, c.repeat_of, c.handler_level, c.closed_at) r
GROUP BY GROUPING SETS ((r.month, c.district_code, c.street_code, c.community_code, c.grid_code, r.place_code,
                         c.category_code, c.channel, c.status),
                        (r.month, c.district_code, c.street_code, c.community_code, c.grid_code, r.place_code))
$q$, fresh, source)
$$;

-- The columns of an incident the roll-up depends on: an UPDATE that changes none of them adds nothing.
CREATE FUNCTION incident_rollup_columns() RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT 'reported_at, district_code, street_code, community_code, grid_code, microgrid_code, status, '
       'responded_at, deadline, clock_paused_at, rating, repeat_of, handler_level, closed_at, category_code, channel'
$$;

-- The triggers' body: append the statement's delta. An UPDATE's rows whose roll-up columns did not
-- change cancel out in EXCEPT ALL (a transition that only urges, or a title edited, appends nothing).
-- SECURITY DEFINER: gridgov_app writes incidents but may not write the roll-up itself (REVOKE below).
-- The queries are written by incident_rollup_sum() once, here, into static SQL: PL/pgSQL then keeps each
-- branch's plan for the session, where an EXECUTE planned the delta query anew at every statement — for
-- a case transition (one UPDATE of one row) 4.0 ms against 0.56 ms on a loaded 2-core machine
-- (docs/benchmarks.md "Roll-ups").
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

CREATE FUNCTION incident_rollup_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM incident_rollup;       -- TRUNCATE here fails inside a TRUNCATE … CASCADE ("in use")
    RETURN NULL;
END $$;
CREATE TRIGGER incident_rollup_truncate AFTER TRUNCATE ON incident
    FOR EACH STATEMENT EXECUTE FUNCTION incident_rollup_truncate();

-- The roll-up recomputed from the incidents, one row per key (fresh false): what incident_rollup's rows
-- sum to, key by key (the property test; a repair is TRUNCATE incident_rollup and an INSERT of this).
CREATE FUNCTION incident_rollup_recount() RETURNS SETOF incident_rollup
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY EXECUTE incident_rollup_sum(format('SELECT 1 AS sign, %s FROM incident', incident_rollup_columns()),
                                             false);
END $$;

-- Fold the deltas of every month that has some into one row per key, totals and rows of one category,
-- channel and status apart (keys whose incidents all left disappear); returns the rows removed. Run by the tick (grids/cases/tick.py); readers are exact
-- without it. Concurrent appends stay as they are (the DELETE sees only what was committed), and two
-- compactions at once fold each row once (the second skips the rows the first deleted).
CREATE FUNCTION incident_rollup_compact() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
WITH months AS (
    SELECT DISTINCT month FROM incident_rollup WHERE fresh
), gone AS (
    DELETE FROM incident_rollup r USING months m WHERE r.month = m.month RETURNING r.*
), folded AS (
    INSERT INTO incident_rollup
    SELECT month, district_code, street_code, community_code, grid_code, place_code, category_code, channel, status,
           sum(received), sum(responded), sum(accepted), sum(accepted_valid), sum(finished_on_time), sum(finished),
           sum(resolved), sum(rated), sum(satisfied), sum(repeats), sum(backlog_open), sum(overdue_paused),
           sum(closed), sum(closed_grid), sum(closed_community), sum(closed_street), sum(closed_district),
           sum(closed_department), sum(closed_direct), sum(handling_count), sum(handling_seconds), false, total
    FROM gone
    GROUP BY month, district_code, street_code, community_code, grid_code, place_code, category_code, channel,
             status, total
    HAVING sum(received) <> 0           -- a key's counts are those of the incidents in it: none, all zero
    RETURNING 1
)
SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM folded)
$$;

-- The roll-up of the incidents already stored.
DO $$
BEGIN
    EXECUTE 'INSERT INTO incident_rollup '
            || incident_rollup_sum(format('SELECT 1 AS sign, %s FROM incident', incident_rollup_columns()), false);
END $$;

-- Only the triggers and the compaction (owner's functions) write it; gridgov_app reads it.
REVOKE INSERT, UPDATE, DELETE ON incident_rollup FROM gridgov_app;
