-- What the map's statistics depend on, cheaply: the generation the map shows and when it was published,
-- the newest incident (every intake adds rows) and the newest case event (every transition, urge,
-- supervision and repeat link writes one), both from their primary keys' ends; and the people and their
-- cells (names and grids in the loads: a few thousand rows, fingerprinted by their count and the sum of
-- their row versions' transaction and command ids, which every insert, update or delete changes).
-- grids/mapcache.py keeps an answer while these stand still.
SELECT g.id, coalesce(g.published_at, g.created_at),
       (SELECT max(id) FROM incident), (SELECT max(id) FROM case_event),
       (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint + cmin::text::bigint), 0) FROM person),
       (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint + cmin::text::bigint), 0) FROM person_cell)
FROM (SELECT %(generation)s::integer AS id) want
LEFT JOIN generation g ON g.id = want.id;
