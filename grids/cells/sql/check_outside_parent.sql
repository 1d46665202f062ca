-- Cells of %(generation)s not inside their parent (of level %(level)s, NULL: all): the part outside, its
-- area, a point in it (WKT, EPSG:4490) and its shape (GeoJSON, EPSG:4326). Scope: the cells below
-- community %(community)s — its grids, their buildings and stairwells — (NULL: every cell).
WITH RECURSIVE below AS (   -- empty when %(community)s is NULL; UNION, not UNION ALL, stops a cycle
    SELECT code FROM cell
    WHERE parent_code = %(community)s AND in_generation(generation_low, generation_high, %(generation)s)
    UNION
    -- OFFSET 0 keeps the lookup a probe of the parent_code index per cell found (1 ms for a community);
    -- flattened into a join, the planner hashed the whole table at each step (13 ms).
    SELECT c.code FROM below, LATERAL (
        SELECT code FROM cell
        WHERE parent_code = below.code AND in_generation(generation_low, generation_high, %(generation)s)
        OFFSET 0) c
), outside AS MATERIALIZED (
    -- Kept apart from the measuring below: with those conditions pushed into this join, the planner probed
    -- the parents one child at a time (0.5 s on the demo instead of 0.16 s).
    SELECT c.code, c.level, c.kind, p.code AS other_code,
           ST_CollectionExtract(ST_Difference(c.geom, p.geom), 3) AS part
    FROM cell c
    JOIN cell p
      ON p.code = c.parent_code
     AND in_generation(p.generation_low, p.generation_high, %(generation)s)
    WHERE in_generation(c.generation_low, c.generation_high, %(generation)s)
      AND (%(level)s::text IS NULL OR c.level = %(level)s)
      AND (%(community)s::text IS NULL OR c.code IN (SELECT code FROM below))
      AND NOT ST_CoveredBy(c.geom, p.geom)
)
SELECT code, level, kind, other_code, ST_Area(part::geography) AS area_m2, NULL::text AS detail,
       ST_AsText(ST_PointOnSurface(part)) AS location, ST_AsGeoJSON(ST_Transform(part, 4326), 7) AS geometry
FROM outside
WHERE NOT ST_IsEmpty(part) AND ST_Area(part::geography) > %(tolerance)s
ORDER BY code
