-- One party of dispute %(incident_id)s.
INSERT INTO dispute_party (incident_id, side, kind, name, phone, id_number, address)
VALUES (%(incident_id)s, %(side)s, %(kind)s, %(name)s, %(phone)s, %(id_number)s, %(address)s)
RETURNING id
