-- The open register entry of case %(incident_id)s, if any.
SELECT id FROM backlog_matter WHERE incident_id = %(incident_id)s AND status = 'open'
