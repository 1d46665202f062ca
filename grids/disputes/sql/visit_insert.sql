-- A grid screened (by a grid member, on a day, maybe within a campaign).
INSERT INTO screening_visit (campaign_id, grid_code, screened_on, by_person_id, note)
VALUES (%(campaign_id)s, %(grid_code)s, %(screened_on)s, %(by_person_id)s, %(note)s)
RETURNING id
