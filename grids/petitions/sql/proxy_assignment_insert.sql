-- The first agent %(agent_id)s takes case %(incident_id)s on at %(taken_at)s.
INSERT INTO proxy_assignment (incident_id, agent_id, taken_at)
VALUES (%(incident_id)s, %(agent_id)s, %(taken_at)s)
