-- Call–response over the calls made in the days [%(since)s, %(until)s) about cases under %(within)s: how
-- many, answered by due_at (on time), answered after it (late), unanswered past it at %(now)s (overdue),
-- unanswered and not yet due (waiting: left out of the rate).
SELECT count(*) AS calls,
       count(*) FILTER (WHERE c.responded_at IS NOT NULL AND c.responded_at <= c.due_at) AS on_time,
       count(*) FILTER (WHERE c.responded_at > c.due_at) AS late,
       count(*) FILTER (WHERE c.responded_at IS NULL AND %(now)s > c.due_at) AS overdue,
       count(*) FILTER (WHERE c.responded_at IS NULL AND %(now)s <= c.due_at) AS waiting
FROM proxy_call c
JOIN incident i ON i.id = c.incident_id
WHERE (c.called_at AT TIME ZONE 'Asia/Shanghai')::date >= %(since)s
  AND (c.called_at AT TIME ZONE 'Asia/Shanghai')::date < %(until)s
  AND (%(within)s::text IS NULL OR coalesce(i.community_code, i.street_code, i.district_code) LIKE %(within)s || '%%')
