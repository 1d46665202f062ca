-- The grids of the base generation that the new generation removed, each with the new grid (a code the
-- base did not have, of the same kind) holding most of its area: the share of its area and the overlap.
WITH removed AS (
    SELECT o.code, o.kind, o.geom, o.area_m2
    FROM cell o
    WHERE o.level = 'grid' AND in_generation(o.generation_low, o.generation_high, %(base)s)
      AND NOT EXISTS (SELECT 1 FROM cell n WHERE n.code = o.code
                      AND in_generation(n.generation_low, n.generation_high, %(new)s))
), added AS (
    SELECT n.code, n.kind, n.geom
    FROM cell n
    WHERE n.level = 'grid' AND in_generation(n.generation_low, n.generation_high, %(new)s)
      AND NOT EXISTS (SELECT 1 FROM cell o WHERE o.code = n.code
                      AND in_generation(o.generation_low, o.generation_high, %(base)s))
)
SELECT r.code AS old_code, best.code AS new_code, coalesce(best.overlap_m2 / nullif(r.area_m2, 0), 0) AS share,
       coalesce(best.overlap_m2, 0) AS overlap_m2,
       coalesce((SELECT array_agg(pc.person_id ORDER BY pc.person_id) FROM person_cell pc
                 JOIN person p ON p.id = pc.person_id AND p.role IN ('grid_member', 'grid_head')
                 WHERE pc.cell_code = r.code), '{}') AS person_ids
FROM removed r
LEFT JOIN LATERAL (
    SELECT a.code, ST_Area(ST_Intersection(a.geom, r.geom)::geography) AS overlap_m2
    FROM added a
    WHERE a.kind = r.kind AND ST_Intersects(a.geom, r.geom)
    ORDER BY overlap_m2 DESC, a.code
    LIMIT 1
) best ON true
ORDER BY r.code
