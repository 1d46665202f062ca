-- A warning extended by the detector: its centre, cells, span, counts and severity from all its tickets.
UPDATE early_warning
SET geom = ST_SetSRID(ST_Point(%(lon)s, %(lat)s), 4490), cell_code = %(cell_code)s,
    district_code = %(district_code)s, street_code = %(street_code)s, community_code = %(community_code)s,
    grid_code = %(grid_code)s, first_reported_at = %(first)s, last_reported_at = %(last)s,
    reporters = %(reporters)s, tickets = %(tickets)s, severity = %(severity)s, escalation_words = %(words)s,
    updated_at = %(now)s, version = version + 1
WHERE id = %(id)s
