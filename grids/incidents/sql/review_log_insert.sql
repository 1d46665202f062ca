-- One placement by hand into the log (migration 016; the operator comes from the session).
INSERT INTO incident_placement_log (incident_id, method, cell_code, generation_id, unplaced_reason, lon, lat)
VALUES (%(incident_id)s, %(method)s, %(cell_code)s, %(generation)s, %(unplaced_reason)s, %(lon)s, %(lat)s)
