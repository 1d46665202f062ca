-- The incidents a replay of draft %(draft)s must place again, one by one with their point: those
-- stored in a grid of %(changed)s (grid codes whose row differs between the base and the draft, found
-- through incident_grid_code) and those whose point lies in a changed grid of the draft (through the
-- incidents' GiST index) — of them, the ones grids/cases/workload.py counts: in the intake (reported from
-- %(months_from)s to %(now)s, neither rejected nor void: incidents = 1) or open and held by a grid
-- member (open_weighted: severity × lateness at %(now)s, open_weight.sql). by_point: placed as its
-- point is placed — by its coordinates, or by its address at a building or stairwell, whose point it
-- carries (the others were placed by address at a compound or road, or by hand, in the grid they name).
WITH candidates AS (
    SELECT id FROM incident WHERE grid_code = ANY(%(changed)s)
    UNION
    SELECT i.id
    FROM cell d
    JOIN incident i ON ST_Intersects(d.geom, i.geom)
    WHERE d.level = 'grid' AND d.code = ANY(%(changed)s)
      AND in_generation(d.generation_low, d.generation_high, %(draft)s)
),
counted AS (
    SELECT i.grid_code, i.geom,
           (i.placement_method IN ('coordinates', 'nearest')
            OR (i.placement_method <> 'manual' AND i.placement_level IN ('building', 'stairwell'))) AS by_point,
           (i.reported_at >= %(months_from)s AND i.reported_at < %(now)s
            AND i.status NOT IN ('rejected', 'void'))::int AS incidents,
           CASE WHEN i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')
                 AND i.handler_person_id IN (SELECT id FROM person WHERE role = 'grid_member')
                THEN {open_weight} ELSE 0 END AS open_weighted
    FROM incident i
    WHERE i.id IN (SELECT id FROM candidates) AND i.grid_code IS NOT NULL AND i.geom IS NOT NULL
)
SELECT grid_code, incidents, open_weighted, ST_X(geom) AS lon, ST_Y(geom) AS lat, by_point
FROM counted
WHERE incidents = 1 OR open_weighted > 0
