-- The proxy agents of %(level)s (NULL: all levels) whose area is %(within)s or under it (NULL: all), by
-- level from the city down, with the matters they took on and the calls waiting for them.
SELECT a.id, a.code, a.name, a.level, a.area_code, a.active,
       (SELECT count(*) FROM proxy_assignment s WHERE s.agent_id = a.id) AS matters_taken,
       (SELECT count(*) FROM proxy_call c
        WHERE c.responded_at IS NULL AND c.to_level = a.level AND c.to_area_code = a.area_code
          AND (c.to_agent_id IS NULL OR c.to_agent_id = a.id)) AS calls_waiting
FROM proxy_agent a
WHERE (%(level)s::text IS NULL OR a.level = %(level)s)
  AND (%(within)s::text IS NULL OR a.area_code LIKE %(within)s || '%%')
ORDER BY array_position(ARRAY['city', 'county', 'township', 'village'], a.level), a.area_code, a.code
