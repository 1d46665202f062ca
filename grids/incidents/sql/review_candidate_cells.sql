-- The cells named by the address matcher's candidates (%(labels)s) in generation %(generation)s. A
-- candidate is a standard address (a building's or stairwell's full_address, or a site's address cut
-- after its compound: a prefix of its cells' addresses), a compound or road name, a community name, or —
-- as hand-made rows hold — a cell code. Each label with the codes of every cell it names.
WITH label AS (SELECT DISTINCT unnest(%(labels)s::text[]) AS label)
SELECT l.label, array_agg(DISTINCT m.code ORDER BY m.code) AS codes
FROM label l
JOIN LATERAL (
    SELECT a.cell_code AS code FROM standard_address a
     WHERE starts_with(a.full_address, l.label) OR a.compound = l.label OR a.road = l.label
    UNION
    SELECT c.code FROM cell c
     WHERE (c.code = l.label OR (c.level = 'community' AND c.name = l.label))
       AND in_generation(c.generation_low, c.generation_high, %(generation)s)
) m ON true
GROUP BY l.label
