-- The proxy assignment of case %(incident_id)s with its agent.
SELECT s.incident_id, s.agent_id, a.code AS agent_code, a.name AS agent_name, a.level AS agent_level,
       s.taken_at, s.satisfaction, s.rated_at
FROM proxy_assignment s
JOIN proxy_agent a ON a.id = s.agent_id
WHERE s.incident_id = %(incident_id)s
