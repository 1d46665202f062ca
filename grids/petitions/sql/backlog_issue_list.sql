-- The major-issues list (重大信访问题清单) of %(status)s (NULL: all), with the cases behind each.
SELECT m.id, m.title, m.summary, m.area_code, m.listed_on, m.leader_name, m.leader_post, m.status,
       m.closed_off_on, m.closed_off_evidence,
       ARRAY(SELECT l.incident_id FROM major_issue_matter l WHERE l.issue_id = m.id ORDER BY l.incident_id) AS cases
FROM major_issue m
WHERE %(status)s::text IS NULL OR m.status = %(status)s
ORDER BY m.listed_on, m.id
