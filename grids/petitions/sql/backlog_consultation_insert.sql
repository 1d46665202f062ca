-- One weekly consultation (周会商) of backlog matter %(backlog_id)s.
INSERT INTO backlog_consultation (backlog_id, held_on, attendees, decisions, by_person_id)
VALUES (%(backlog_id)s, %(held_on)s, %(attendees)s, %(decisions)s, %(by_person_id)s)
RETURNING id
