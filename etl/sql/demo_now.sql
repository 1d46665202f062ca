-- "Now" of the demo: midnight at the end of the year of its latest report (as the case walk used).
SELECT date_trunc('year', max(reported_at)) + interval '1 year' FROM incident;
