-- "Now" of the demo: midnight at the end of the year of its latest report, in Asia/Shanghai (as the
-- case walk used, etl.demo_case_store.end_of_year), whatever the session's time zone: a plain
-- date_trunc would cut the year in the session's zone (UTC on a bare connection: 8 hours late).
SELECT date_trunc('year', max(reported_at), 'Asia/Shanghai') + interval '1 year' FROM incident;
