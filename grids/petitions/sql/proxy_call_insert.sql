-- A call (呼叫) from agent %(from_agent_id)s to the level above, due %(due_hours)s hours after %(called_at)s.
INSERT INTO proxy_call (incident_id, from_agent_id, to_level, to_area_code, to_agent_id, called_at, due_hours,
                        due_at, reason)
VALUES (%(incident_id)s, %(from_agent_id)s, %(to_level)s, %(to_area_code)s, %(to_agent_id)s, %(called_at)s,
        %(due_hours)s, %(called_at)s + make_interval(secs => %(due_hours)s::float8 * 3600), %(reason)s)
RETURNING id
