-- What the map's statistics depend on, cheaply: the generation the map shows and when it was published,
-- the newest incident (every intake adds rows) and the newest case event (every transition, urge,
-- supervision and repeat link writes one) and the newest dispute event (a new dispute, a change of its
-- risk: the map's dispute filter counts by them), all from their primary keys' ends; and the people and their
-- cells (names and grids in the loads: a few thousand rows, fingerprinted by their count, the sum of
-- their row versions' transaction ids — an update gives a row a newer, larger one — and the sum of their
-- command ids. Kept as separate sums: a row copied by command 1 of transaction x and updated by command 0
-- of transaction x + 1 would otherwise add up to the same fingerprint).
-- grids/mapview/cache.py keeps an answer while these stand still.
SELECT g.id, coalesce(g.published_at, g.created_at),
       (SELECT max(id) FROM incident), (SELECT max(id) FROM case_event), (SELECT max(id) FROM dispute_event),
       (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':' || coalesce(sum(cmin::text::bigint), 0)
        FROM person),
       (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':' || coalesce(sum(cmin::text::bigint), 0)
        FROM person_cell)
FROM (SELECT %(generation)s::integer AS id) want
LEFT JOIN generation g ON g.id = want.id;
