-- Calls (of case %(incident_id)s, or call %(call_id)s, when given; only unanswered ones when %(waiting)s), newest first, with
-- their lateness at %(now)s: on_time (answered by due_at), late (answered after it), waiting (not yet
-- due), overdue (unanswered past due_at); late_hours: how far past due_at the answer came (or now is).
SELECT c.id, c.incident_id, c.from_agent_id, f.code AS from_code, f.name AS from_name, f.level AS from_level,
       c.to_level, c.to_area_code, c.to_agent_id, c.called_at, c.due_hours, c.due_at, c.reason,
       c.responded_at, r.code AS responded_by_code, c.response_note,
       CASE WHEN c.responded_at IS NOT NULL AND c.responded_at <= c.due_at THEN 'on_time'
            WHEN c.responded_at IS NOT NULL THEN 'late'
            WHEN %(now)s <= c.due_at THEN 'waiting'
            ELSE 'overdue' END AS lateness,
       round(greatest(0, extract(epoch FROM coalesce(c.responded_at, %(now)s) - c.due_at) / 3600)::numeric, 2)
           AS late_hours
FROM proxy_call c
JOIN proxy_agent f ON f.id = c.from_agent_id
LEFT JOIN proxy_agent r ON r.id = c.responded_by_agent_id
WHERE (%(incident_id)s::bigint IS NULL OR c.incident_id = %(incident_id)s)
  AND (%(call_id)s::bigint IS NULL OR c.id = %(call_id)s)
  AND (NOT %(waiting)s OR c.responded_at IS NULL)
ORDER BY c.called_at DESC, c.id DESC
LIMIT %(limit)s
