-- A new warning (status open) raised by the detector at %(now)s.
INSERT INTO early_warning (category_code, geom, cell_code, district_code, street_code, community_code,
                           grid_code, first_reported_at, last_reported_at, reporters, tickets, severity,
                           escalation_words, rule, first_incident_id, raised_at, updated_at)
VALUES (%(category)s, ST_SetSRID(ST_Point(%(lon)s, %(lat)s), 4490), %(cell_code)s, %(district_code)s,
        %(street_code)s, %(community_code)s, %(grid_code)s, %(first)s, %(last)s, %(reporters)s, %(tickets)s,
        %(severity)s, %(words)s, %(rule)s, %(first_incident_id)s, %(now)s, %(now)s)
RETURNING id
