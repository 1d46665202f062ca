-- One change of a key, with the session's operator (gridgov_operator(), 013).
INSERT INTO api_key_event (key_id, event, detail) VALUES (%(key_id)s, %(event)s, %(detail)s)
