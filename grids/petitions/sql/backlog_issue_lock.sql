-- Major issue %(id)s, locked, with its cases that are open on the backlog register.
SELECT m.*, ARRAY(SELECT l.incident_id FROM major_issue_matter l
                  JOIN backlog_matter b ON b.incident_id = l.incident_id AND b.status = 'open'
                  WHERE l.issue_id = m.id ORDER BY l.incident_id) AS open_backlog_cases
FROM major_issue m
WHERE m.id = %(id)s
FOR UPDATE
