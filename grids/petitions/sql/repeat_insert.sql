-- Matter %(incident_id)s linked as a repeat of %(earlier_id)s (the chain's first petition %(first_id)s).
INSERT INTO petition_repeat (incident_id, earlier_id, first_id, matched_on, same_by, linked_at)
VALUES (%(incident_id)s, %(earlier_id)s, %(first_id)s, %(matched_on)s, %(same_by)s, %(linked_at)s)
