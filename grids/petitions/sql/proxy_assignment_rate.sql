-- The citizen's satisfaction with the proxy of case %(incident_id)s, answered once.
UPDATE proxy_assignment SET satisfaction = %(satisfaction)s, rated_at = %(rated_at)s
WHERE incident_id = %(incident_id)s AND satisfaction IS NULL
