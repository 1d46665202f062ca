-- A cell of generation %(generation)s and the cells above it (by parent_code), finest first: code, level,
-- kind, and for the cell itself a point on its surface (where an incident without one is put).
WITH RECURSIVE chain AS (
    SELECT code, level, kind, parent_code, ST_AsText(ST_PointOnSurface(geom)) AS anchor, 0 AS depth
    FROM cell WHERE code = %(code)s AND in_generation(generation_low, generation_high, %(generation)s)
  UNION ALL
    SELECT c.code, c.level, c.kind, c.parent_code, NULL, chain.depth + 1
    FROM cell c JOIN chain ON c.code = chain.parent_code
    WHERE in_generation(c.generation_low, c.generation_high, %(generation)s) AND chain.depth < 8
)
SELECT code, level, kind, anchor FROM chain ORDER BY depth
