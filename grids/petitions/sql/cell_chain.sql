-- Cell %(code)s of the newest published generation (else the newest it is in) and its ancestors: level,
-- code, the cell's point on surface (for the first row only), finest first.
WITH RECURSIVE gen AS (
    SELECT coalesce((SELECT max(id) FROM generation WHERE published_at IS NOT NULL),
                    (SELECT max(generation_low) FROM cell WHERE code = %(code)s)) AS id
), chain AS (
    SELECT c.code, c.level, c.parent_code, ST_PointOnSurface(c.geom) AS point, 0 AS depth
    FROM cell c, gen WHERE c.code = %(code)s AND in_generation(c.generation_low, c.generation_high, gen.id)
    UNION ALL
    SELECT p.code, p.level, p.parent_code, NULL, chain.depth + 1
    FROM chain JOIN cell p ON p.code = chain.parent_code, gen
    WHERE in_generation(p.generation_low, p.generation_high, gen.id) AND chain.depth < 10
)
SELECT code, level, point FROM chain ORDER BY depth
