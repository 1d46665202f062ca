-- A new petition case (ticket %(ref)s, reported at %(at)s), placed by hand in cell %(cell)s and its
-- ancestors (the current generation: the newest published, else the newest the cell is in — as
-- cell_chain.sql, which checked the cell), or unplaced when no cell is given.
WITH RECURSIVE gen AS (
    SELECT coalesce((SELECT max(id) FROM generation WHERE published_at IS NOT NULL),
                    (SELECT max(generation_low) FROM cell WHERE code = %(cell)s)) AS id
), chain AS (
    SELECT c.code, c.level, c.parent_code, ST_PointOnSurface(c.geom) AS point, 0 AS depth
    FROM cell c, gen WHERE c.code = %(cell)s AND in_generation(c.generation_low, c.generation_high, gen.id)
    UNION ALL
    SELECT p.code, p.level, p.parent_code, NULL, chain.depth + 1
    FROM chain JOIN cell p ON p.code = chain.parent_code, gen
    WHERE in_generation(p.generation_low, p.generation_high, gen.id) AND chain.depth < 10
), placed AS (
    SELECT (SELECT point FROM chain WHERE depth = 0) AS geom,
           (SELECT level FROM chain WHERE depth = 0) AS level,
           max(code) FILTER (WHERE level = 'district') AS district_code,
           max(code) FILTER (WHERE level = 'street') AS street_code,
           max(code) FILTER (WHERE level = 'community') AS community_code,
           max(code) FILTER (WHERE level = 'grid') AS grid_code,
           (array_agg(code ORDER BY depth) FILTER (WHERE level = 'microgrid'))[1] AS microgrid_code
    FROM chain
)
INSERT INTO incident (channel, source_ref, reported_at, category_code, title, description, address, geom,
                      generation_id, district_code, street_code, community_code, grid_code, microgrid_code,
                      placement_method, placement_level, placement_confidence, content_hash)
SELECT 'petition', %(ref)s, %(at)s, %(category)s, %(title)s, %(description)s, %(address)s, p.geom,
       CASE WHEN p.level IS NULL THEN NULL ELSE (SELECT id FROM gen) END,
       p.district_code, p.street_code, p.community_code, p.grid_code, p.microgrid_code,
       CASE WHEN p.level IS NULL THEN NULL ELSE 'manual' END, p.level,
       CASE WHEN p.level IS NULL THEN NULL ELSE 1.0 END, md5(%(ref)s)
FROM placed p
RETURNING id
