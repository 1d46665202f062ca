-- The petitioners of matter %(id)s in order, with their hashes.
SELECT id, position, name, phone, id_number, id_hash, phone_hash
FROM petitioner WHERE incident_id = %(id)s ORDER BY position
