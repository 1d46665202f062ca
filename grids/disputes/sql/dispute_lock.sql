-- The dispute of case %(id)s with its case's placement, locked for one step of the chain.
SELECT d.*, i.channel, i.reported_at, i.district_code, i.street_code, i.community_code, i.grid_code,
       i.microgrid_code, i.handler_person_id, i.co_handler_ids
FROM dispute d
JOIN incident i ON i.id = d.incident_id
WHERE d.incident_id = %(id)s
FOR UPDATE OF d
