-- A mediator of organisation %(org_id)s.
INSERT INTO mediator (code, name, phone, org_id, person_id, specialties)
VALUES (%(code)s, %(name)s, %(phone)s, %(org_id)s, %(person_id)s, %(specialties)s)
RETURNING id
