-- A mediation organisation; its point placed in the current generation: the grid it lies in (the lowest
-- code on a shared edge), else the finest cell that covers it.
INSERT INTO mediation_org (code, name, kind, level, trade, area_code, address, phone, geom, cell_code)
SELECT %(code)s, %(name)s, %(kind)s, %(level)s, %(trade)s, %(area_code)s, %(address)s, %(phone)s, p.geom,
       (SELECT c.code FROM cell c
        WHERE p.geom IS NOT NULL AND c.level IN ('grid', 'community', 'street', 'district')
          AND in_generation(c.generation_low, c.generation_high, %(generation)s) AND ST_Covers(c.geom, p.geom)
        ORDER BY array_position(ARRAY['grid', 'community', 'street', 'district'], c.level), c.code
        LIMIT 1)
FROM (SELECT CASE WHEN %(lon)s::float8 IS NULL THEN NULL
                  ELSE ST_SetSRID(ST_Point(%(lon)s, %(lat)s), 4490) END AS geom) p
RETURNING id, cell_code
