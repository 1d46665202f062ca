-- A reception day of the calendar; nothing when the leader has one that day already (then no row returns).
INSERT INTO reception_day (held_on, kind, leader_name, leader_post, place, theme, departments, recurrence)
VALUES (%(held_on)s, %(kind)s, %(leader_name)s, %(leader_post)s, %(place)s, %(theme)s, %(departments)s,
        %(recurrence)s)
ON CONFLICT (held_on, leader_name) DO NOTHING
RETURNING id
