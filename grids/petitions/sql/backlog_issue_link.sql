-- Case %(incident_id)s stands behind major issue %(issue_id)s.
INSERT INTO major_issue_matter (issue_id, incident_id) VALUES (%(issue_id)s, %(incident_id)s)
