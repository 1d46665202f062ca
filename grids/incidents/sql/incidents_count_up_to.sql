-- How many incidents the store holds, counted no further than %(up_to)s.
SELECT count(*) FROM (SELECT 1 FROM incident LIMIT %(up_to)s) AS held
