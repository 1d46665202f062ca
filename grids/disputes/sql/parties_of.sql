-- The parties of dispute %(id)s, applicants first, with what decides who may see them: the case's cell
-- (its finest placement), its handler and co-handlers, and the mediators it was sent to or on its team.
SELECT p.id, p.side, p.kind, p.name, p.phone, p.id_number, p.address,
       coalesce(i.grid_code, i.community_code, i.street_code, i.district_code) AS cell_code,
       i.handler_person_id, i.co_handler_ids,
       ARRAY(SELECT m.mediator_id FROM dispute_mediator m WHERE m.incident_id = p.incident_id
             UNION SELECT t.mediator_id FROM dispute_team t WHERE t.incident_id = p.incident_id
                                                               AND t.mediator_id IS NOT NULL) AS mediator_ids
FROM dispute_party p
JOIN incident i ON i.id = p.incident_id
WHERE p.incident_id = %(id)s
ORDER BY p.side, p.id
