-- The roll-up's trigger body (030) as static SQL: PL/pgSQL then keeps each branch's plan for the session,
-- where 030's EXECUTE planned the delta query anew at every statement. A case transition is one UPDATE
-- of one row, so that planning was most of what the roll-up cost it (median 4.0 ms against 0.56 ms on
-- a loaded 2-core machine; 0.19 ms without the trigger; docs/benchmarks.md "Roll-ups"). The queries are
-- still written by incident_rollup_sum() (030), once, when this migration runs.
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
