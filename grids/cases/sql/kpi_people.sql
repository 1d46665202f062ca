-- KPIs of every person who handles cases: the counts of kpi_stats grouped by the case's handler (the
-- person who handles it now, or who handled it last when it is done). People with no case in the
-- window are left out.
WITH stats AS ({stats})
SELECT person.id, person.code, person.name, person.role, stats.*
FROM stats
JOIN person ON person.id = stats.key
ORDER BY person.id
