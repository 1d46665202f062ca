-- 吹哨报到 per department, calls made in [%(since)s, %(until)s) on cases of the area: calls, answered,
-- answered late (after due_at) and unanswered past due at %(now)s.
SELECT d.id, d.code, d.name, count(*) AS calls,
       count(*) FILTER (WHERE w.answered_at IS NOT NULL) AS answered,
       count(*) FILTER (WHERE w.answered_at > w.due_at) AS answered_late,
       count(*) FILTER (WHERE w.answered_at IS NULL AND w.due_at < %(now)s::timestamptz) AS overdue_unanswered
FROM case_whistle w
JOIN incident i ON i.id = w.incident_id
JOIN person d ON d.id = w.department_person_id
WHERE w.whistled_at >= %(since)s::timestamptz AND w.whistled_at < %(until)s::timestamptz
  AND ARRAY[i.district_code, i.street_code, i.community_code, i.grid_code] && %(scope)s::text[]
GROUP BY d.id, d.code, d.name
ORDER BY d.code NULLS LAST, d.id
