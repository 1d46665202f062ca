-- The three-calls cases still open (not resolved nor handed over), by building, with the time of the first
-- call each links (later calls of the building join it): the oldest case of a building when it has two,
-- as three_calls_open_case.sql answers for one building. Read once per run instead of once per building.
SELECT DISTINCT ON (d.building_code)
       d.building_code, d.incident_id,
       (SELECT min(i.reported_at) FROM dispute_call c JOIN incident i ON i.id = c.call_incident_id
        WHERE c.incident_id = d.incident_id) AS first_call_at
FROM dispute d
WHERE d.source = 'three_calls' AND d.stage NOT IN ('resolved', 'handed_over')
ORDER BY d.building_code, d.incident_id
