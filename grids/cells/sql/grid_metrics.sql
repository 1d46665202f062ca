-- Per grid of %(generation)s (every grid, or those of community %(community)s): what it holds and the
-- raw figures of its shape, on the CGCS2000 ellipsoid (area_m2 is the stored geodesic area, the
-- perimeter is ST_Perimeter on the spheroid). A basic grid's buildings are its building micro-grids
-- (children by parent code); a dedicated grid's are the buildings whose point on surface lies in it
-- (they stay children of the basic grid beneath). Households: the grid's own figure, else the sum of
-- its buildings'. The member: the lowest person id among the grid members assigned to the grid.
WITH grids AS (
    SELECT code, name, kind, parent_code, households, area_m2, geom
    FROM cell
    WHERE level = 'grid' AND in_generation(generation_low, generation_high, %(generation)s)
      AND (%(community)s::text IS NULL OR parent_code = %(community)s)
),
buildings AS (
    SELECT g.code AS grid_code, b.code, b.households
    FROM grids g
    JOIN cell b ON b.parent_code = g.code AND b.level = 'microgrid' AND b.kind = 'building'
               AND in_generation(b.generation_low, b.generation_high, %(generation)s)
    WHERE g.kind = 'basic'
    UNION ALL
    SELECT g.code, b.code, b.households
    FROM grids g
    JOIN cell b ON b.level = 'microgrid' AND b.kind = 'building'
               AND in_generation(b.generation_low, b.generation_high, %(generation)s)
               AND ST_Intersects(b.geom, g.geom) AND ST_Intersects(ST_PointOnSurface(b.geom), g.geom)
    WHERE g.kind = 'dedicated'
),
building_totals AS (
    SELECT grid_code, count(*) AS buildings, sum(households) AS households FROM buildings GROUP BY grid_code
),
stairwell_totals AS (
    SELECT bl.grid_code, count(*) AS stairwells
    FROM buildings bl
    JOIN cell s ON s.parent_code = bl.code AND s.level = 'microgrid' AND s.kind = 'stairwell'
               AND in_generation(s.generation_low, s.generation_high, %(generation)s)
    GROUP BY bl.grid_code
),
members AS (
    SELECT pc.cell_code, min(p.id) AS member
    FROM person_cell pc JOIN person p ON p.id = pc.person_id AND p.role = 'grid_member'
    WHERE pc.cell_code IN (SELECT code FROM grids)
    GROUP BY pc.cell_code
)
SELECT g.code, g.name, g.kind, g.parent_code AS community_code,
       coalesce(g.households, bt.households) AS households, coalesce(bt.buildings, 0) AS buildings,
       coalesce(st.stairwells, 0) AS stairwells, g.area_m2, ST_Perimeter(g.geom::geography) AS perimeter_m,
       ST_NumGeometries(g.geom) AS parts, m.member
FROM grids g
LEFT JOIN building_totals bt ON bt.grid_code = g.code
LEFT JOIN stairwell_totals st ON st.grid_code = g.code
LEFT JOIN members m ON m.cell_code = g.code
ORDER BY g.code
