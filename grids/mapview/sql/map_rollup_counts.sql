-- Filtered incidents per place code (their finest placed code cut to the grid's 15 digits) or cell of a level from the
-- incident roll-up (grids/incidents/rollup.py: {facts} is rollup_facts.sql): the counts map_counts.sql
-- gives, for every level down to the grid, without reading each incident of the window's whole months.
-- The filters the roll-up can answer, defined as in map_filters.sql: category (a 大类 takes its 小类),
-- channel, and status as one state or 'open' (%(states)s: the states it means, grids.cases.loop.OPEN);
-- the others (overdue, disputes, bbox) are not asked here (grids/mapview/rollup_counts.py). {code} is
-- place_code, or with a level's totals that level's code column. Keys whose deltas sum to nothing are
-- left out.
SELECT {code} AS code, sum(received) AS received
FROM ({facts}) f
WHERE {code} IS NOT NULL
  AND (%(category)s::text IS NULL
       OR category_code IN (SELECT code FROM category WHERE code = %(category)s OR parent_code = %(category)s))
  AND (%(channel)s::text IS NULL OR channel = %(channel)s)
  AND (%(states)s::text[] IS NULL OR status = ANY (%(states)s::text[]))
GROUP BY 1
HAVING sum(received) <> 0
