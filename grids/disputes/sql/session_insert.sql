-- One mediation session of dispute %(incident_id)s (held, or scheduled when held_at is ahead).
INSERT INTO dispute_session (incident_id, held_at, place, attendees, notes, by_person_id)
VALUES (%(incident_id)s, %(held_at)s, %(place)s, %(attendees)s, %(notes)s, %(by_person_id)s)
RETURNING id
