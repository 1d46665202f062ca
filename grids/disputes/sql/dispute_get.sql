-- One dispute with its case's facts (placement, channel, status) and the names of its type and organisation.
SELECT d.*, t.name AS type_name, o.name AS org_name, i.channel, i.source_ref, i.status AS case_status,
       i.title, i.address, i.category_code, i.district_code, i.street_code, i.community_code, i.grid_code,
       i.microgrid_code, i.handler_person_id, i.co_handler_ids,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
FROM dispute d
JOIN incident i ON i.id = d.incident_id
JOIN dispute_type t ON t.code = d.type_code
LEFT JOIN mediation_org o ON o.id = d.org_id
WHERE d.incident_id = %(id)s
