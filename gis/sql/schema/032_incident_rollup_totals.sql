-- Totals in the incident roll-up (030): beside its rows per month × place × category × channel × status,
-- one row per month × place summed over category, channel and status (total = true; those three NULL).
-- The command page's default view and the KPIs without a filter read only these: on a year of 500,000
-- cases 24,000 rows instead of 179,000 (six categories, one channel; more with real channels), the
-- same counts. Both kinds come from one aggregation with GROUPING SETS, in the triggers, the recount and
-- the fill; docs/rollups.md.
ALTER TABLE incident_rollup ADD COLUMN total boolean NOT NULL DEFAULT false;
ALTER TABLE incident_rollup ALTER COLUMN total DROP DEFAULT;
ALTER TABLE incident_rollup ALTER COLUMN channel DROP NOT NULL, ALTER COLUMN status DROP NOT NULL;
COMMENT ON COLUMN incident_rollup.total IS
    'A month × place row summed over category, channel and status (they are NULL), or a row of one of each.';

CREATE OR REPLACE FUNCTION incident_rollup_sum(source text, fresh boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
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

-- The trigger function again (031), with the queries of the new incident_rollup_sum.
DO $migration$
DECLARE
    columns text := incident_rollup_columns();
BEGIN
    EXECUTE format($body$
CREATE OR REPLACE FUNCTION incident_rollup_keep() RETURNS trigger
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

-- Compaction (030) keeps totals and the rows of one category, channel and status apart.
CREATE OR REPLACE FUNCTION incident_rollup_compact() RETURNS bigint
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

-- The totals of the rows already there (after a compaction, one row per key of 030).
SELECT incident_rollup_compact();
INSERT INTO incident_rollup
SELECT month, district_code, street_code, community_code, grid_code, place_code, NULL, NULL, NULL,
       sum(received), sum(responded), sum(accepted), sum(accepted_valid), sum(finished_on_time), sum(finished),
       sum(resolved), sum(rated), sum(satisfied), sum(repeats), sum(backlog_open), sum(overdue_paused),
       sum(closed), sum(closed_grid), sum(closed_community), sum(closed_street), sum(closed_district),
       sum(closed_department), sum(closed_direct), sum(handling_count), sum(handling_seconds), false, true
FROM incident_rollup
GROUP BY month, district_code, street_code, community_code, grid_code, place_code;
CREATE INDEX incident_rollup_totals ON incident_rollup (month) WHERE total;
