-- A notification for person %(person)s; returns its id.
INSERT INTO notification (person_id, kind, message, details)
VALUES (%(person)s, %(kind)s, %(message)s, %(details)s)
RETURNING id
