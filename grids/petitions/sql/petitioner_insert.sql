-- One petitioner of matter %(incident_id)s with the keyed hashes of their ID number and phone.
INSERT INTO petitioner (incident_id, position, name, phone, id_number, id_hash, phone_hash)
VALUES (%(incident_id)s, %(position)s, %(name)s, %(phone)s, %(id_number)s, %(id_hash)s, %(phone_hash)s)
RETURNING id
