-- The three-calls case of building %(building)s still open (not resolved nor handed over), if any, with the
-- time of the first call it links (later calls of the building join it).
SELECT d.incident_id, (SELECT min(i.reported_at) FROM dispute_call c JOIN incident i ON i.id = c.call_incident_id
                       WHERE c.incident_id = d.incident_id) AS first_call_at
FROM dispute d
WHERE d.source = 'three_calls' AND d.building_code = %(building)s AND d.stage NOT IN ('resolved', 'handed_over')
ORDER BY d.incident_id LIMIT 1
