-- One member of a dispute's 五员 team.
INSERT INTO dispute_team (incident_id, role, name, phone, person_id, mediator_id)
VALUES (%(id)s, %(role)s, %(name)s, %(phone)s, %(person_id)s, %(mediator_id)s)
ON CONFLICT (incident_id, role) DO UPDATE SET name = EXCLUDED.name, phone = EXCLUDED.phone,
    person_id = EXCLUDED.person_id, mediator_id = EXCLUDED.mediator_id
