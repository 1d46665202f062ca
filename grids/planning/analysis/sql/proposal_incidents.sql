-- The points of the incidents of the intake window (%(months_from)s to %(now)s, rejected and void left
-- out, placed in a grid) stored in community %(community)s or lying in its polygon in generation
-- %(generation)s: the incident load a division of the community shares out, with the grid each is
-- stored in and whether it was placed as its point is (by_point: by coordinates, or by address at a
-- building or stairwell, as in impact_moving.sql). The two ways in are
-- separate so that each has its index (the report-time index, the incidents' GiST index); as one
-- OR-ed condition they cost a scan of every incident with a polygon test each (4.4 s on the demo).
WITH candidates AS (
    SELECT id FROM incident
    WHERE community_code = %(community)s AND reported_at >= %(months_from)s AND reported_at < %(now)s
    UNION
    SELECT i.id
    FROM cell a
    JOIN incident i ON ST_Intersects(a.geom, i.geom)
    WHERE a.level = 'community' AND a.code = %(community)s
      AND in_generation(a.generation_low, a.generation_high, %(generation)s)
      AND i.reported_at >= %(months_from)s AND i.reported_at < %(now)s
)
SELECT ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.grid_code,
       (i.placement_method IN ('coordinates', 'nearest')
        OR (i.placement_method <> 'manual' AND i.placement_level IN ('building', 'stairwell'))) AS by_point
FROM incident i
WHERE i.id IN (SELECT id FROM candidates)
  AND i.status NOT IN ('rejected', 'void') AND i.grid_code IS NOT NULL AND i.geom IS NOT NULL
