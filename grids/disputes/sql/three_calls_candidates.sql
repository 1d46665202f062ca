-- The 110 calls (police hand-overs) placed in a building or stairwell micro-grid, reported after
-- %(horizon)s and by %(now)s, that no three-calls case links yet (the cases themselves excluded), each
-- with its building (a stairwell's parent) and how many such calls of that building fall in the window
-- ending at it: [reported_at − window, reported_at], both ends included.
WITH calls AS (
    SELECT i.id, i.reported_at,
           CASE WHEN c.kind = 'stairwell' THEN c.parent_code ELSE c.code END AS building
    FROM incident i
    JOIN cell c ON c.code = i.microgrid_code AND in_generation(c.generation_low, c.generation_high, i.generation_id)
    WHERE i.channel = 'police110' AND i.microgrid_code IS NOT NULL
      AND i.reported_at > %(horizon)s AND i.reported_at <= %(now)s
      AND i.status NOT IN ('rejected', 'void')
      AND NOT EXISTS (SELECT 1 FROM dispute_call dc WHERE dc.call_incident_id = i.id)
      AND NOT EXISTS (SELECT 1 FROM dispute d WHERE d.incident_id = i.id AND d.source = 'three_calls')
)
SELECT id, reported_at, building,
       count(*) OVER (PARTITION BY building ORDER BY reported_at
                      RANGE BETWEEN %(window)s::interval PRECEDING AND CURRENT ROW) AS in_window
FROM calls
ORDER BY building, reported_at, id
